using BatchInference.Providers.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BatchInference.Cli.Composition;

/// <summary>
/// Exports the pipeline's traces and metrics (source and meter <see cref="BatchInferenceTelemetry.Name"/>, see
/// docs/telemetry.md) over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set; otherwise nothing
/// is collected. The exporter reads the other standard <c>OTEL_*</c> variables (headers, protocol) itself.
/// </summary>
internal sealed class TelemetryExport : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private TelemetryExport(TracerProvider tracing, MeterProvider metrics)
    {
        _tracing = tracing;
        _metrics = metrics;
    }

    public static TelemetryExport? StartIfConfigured() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
            ? null
            : new TelemetryExport(
                Sdk.CreateTracerProviderBuilder().AddSource(BatchInferenceTelemetry.Name).AddOtlpExporter().Build(),
                Sdk.CreateMeterProviderBuilder().AddMeter(BatchInferenceTelemetry.Name).AddOtlpExporter().Build());

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
