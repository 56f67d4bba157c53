using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using BatchInference.Providers.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace BatchInference.FunctionApp.Telemetry;

/// <summary>
/// The worker's traces and metrics: the Functions worker's own (invocation spans joined to the host's) and the
/// pipeline's (source and meter <see cref="BatchInferenceTelemetry.Name"/>, docs/telemetry.md), exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is; with <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> set (the
/// Bicep sets <c>Authorization=AAD</c>; the resource refuses keys) it signs in with the managed identity.
/// </summary>
internal static class WorkerTelemetry
{
    public static IServiceCollection AddWorkerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var appInsights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (!otlp && string.IsNullOrWhiteSpace(appInsights))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().UseFunctionsWorkerDefaults()
            .WithTracing(t => t.AddSource(BatchInferenceTelemetry.Name))
            .WithMetrics(m => m.AddMeter(BatchInferenceTelemetry.Name));
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(appInsights))
        {
            var credential = string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]) ? null : new DefaultAzureCredential();
            telemetry.WithTracing(t => t.AddAzureMonitorTraceExporter(o => (o.ConnectionString, o.Credential) = (appInsights, credential)));
            telemetry.WithMetrics(m => m.AddAzureMonitorMetricExporter(o => (o.ConnectionString, o.Credential) = (appInsights, credential)));
        }

        return services;
    }
}
