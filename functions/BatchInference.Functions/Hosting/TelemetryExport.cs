using BatchInference.Providers.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BatchInference.Functions.Hosting;

/// <summary>
/// Exports the pipeline's traces and metrics (source and meter <see cref="BatchInferenceTelemetry.Name"/>, see
/// docs/telemetry.md) over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set; otherwise nothing
/// is collected. The exporter reads the other standard <c>OTEL_*</c> variables (headers, protocol) itself. The function
/// app's handler and the <c>bi</c> CLI both start it.
/// </summary>
public sealed class TelemetryExport : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private TelemetryExport(TracerProvider tracing, MeterProvider metrics)
    {
        _tracing = tracing;
        _metrics = metrics;
    }

    /// <summary>Starts exporting when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; returns null (nothing collected) otherwise.</summary>
    /// <returns>The running export, to dispose (which flushes) at exit, or null.</returns>
    public static TelemetryExport? StartIfConfigured() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
            ? null
            : new TelemetryExport(
                Sdk.CreateTracerProviderBuilder().AddSource(BatchInferenceTelemetry.Name).AddOtlpExporter().Build(),
                Sdk.CreateMeterProviderBuilder().AddMeter(BatchInferenceTelemetry.Name).AddOtlpExporter().Build());

    /// <summary>Flushes and stops the export.</summary>
    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
