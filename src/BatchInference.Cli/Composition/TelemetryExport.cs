using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using BatchInference.Providers.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BatchInference.Cli.Composition;

/// <summary>
/// Exports the pipeline's traces and metrics (source and meter <see cref="BatchInferenceTelemetry.Name"/>, see
/// docs/telemetry.md) when a destination is configured, otherwise collects nothing. Two routes, either or both:
/// <list type="bullet">
/// <item>OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set (the exporter reads the other
/// standard <c>OTEL_*</c> variables, headers and protocol, itself);</item>
/// <item>Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, through the Azure Monitor
/// exporter; with <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING=Authorization=AAD</c> (what the Bicep writes, the
/// resource has local auth off) it authenticates with <see cref="DefaultAzureCredential"/>, i.e. the app's managed
/// identity, and <c>ClientId=…</c> in that string picks a user-assigned one.</item>
/// </list>
/// The <c>bi</c> CLI starts it at its composition root (the isolated function app has its own, Telemetry/).
/// </summary>
internal sealed class TelemetryExport : IDisposable
{
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private const string AppInsightsVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    private const string AppInsightsAuthVariable = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private TelemetryExport(TracerProvider tracing, MeterProvider metrics)
    {
        _tracing = tracing;
        _metrics = metrics;
    }

    /// <summary>Starts exporting to every configured destination; returns null (nothing collected) when none is.</summary>
    /// <returns>The running export, to dispose (which flushes) at exit, or null.</returns>
    public static TelemetryExport? StartIfConfigured()
    {
        Func<string, string?> variable = Environment.GetEnvironmentVariable;
        var otlp = !string.IsNullOrWhiteSpace(variable(OtlpEndpointVariable));
        var appInsights = variable(AppInsightsVariable);
        if (!otlp && string.IsNullOrWhiteSpace(appInsights))
        {
            return null;
        }

        var tracing = Sdk.CreateTracerProviderBuilder().AddSource(BatchInferenceTelemetry.Name);
        var metrics = Sdk.CreateMeterProviderBuilder().AddMeter(BatchInferenceTelemetry.Name);
        if (otlp)
        {
            tracing.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            var credential = EntraCredential(variable(AppInsightsAuthVariable));
            tracing.AddAzureMonitorTraceExporter(o => Configure(o, appInsights, credential));
            metrics.AddAzureMonitorMetricExporter(o => Configure(o, appInsights, credential));
        }

        return new TelemetryExport(tracing.Build(), metrics.Build());
    }

    /// <summary>Flushes and stops the export.</summary>
    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }

    private static void Configure(AzureMonitorExporterOptions options, string connectionString, DefaultAzureCredential? credential)
    {
        options.ConnectionString = connectionString;
        options.Credential = credential;
    }

    // "Authorization=AAD[;ClientId=<guid>]", the format the Functions host and the Application Insights SDKs read.
    private static DefaultAzureCredential? EntraCredential(string? authentication)
    {
        var parts = (authentication ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var mode) || !mode.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId)
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
            : new DefaultAzureCredential();
    }
}
