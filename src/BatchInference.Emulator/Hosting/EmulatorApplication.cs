using System.Net;
using BatchInference.Emulator.Admin;
using BatchInference.Emulator.OpenAI;
using BatchInference.Emulator.OpenAI.Chat;
using BatchInference.Emulator.OpenAI.Embeddings;
using BatchInference.Emulator.Usage;
using BatchInference.Emulator.Usage.Anthropic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.Hosting;

/// <summary>
/// Builds the emulator's web app: Kestrel on the configured address, nothing read from the environment or from
/// appsettings files (an in-process emulator must not pick up the host's ASPNETCORE_URLS), endpoints wired by hand.
/// </summary>
internal static class EmulatorApplication
{
    public static WebApplication Build(EmulatorState state, ILoggerFactory? loggerFactory)
    {
        var options = state.Options.Current;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ListenAddress(options.Host), options.Port));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        if (loggerFactory is null)
        {
            // Quiet by default so a CLI's console stays clean: only warnings and errors, to the console.
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BatchInference.Emulator");
        var recording = new RequestRecordingMiddleware(state, logger);
        var apiKeys = new ApiKeyMiddleware(state, logger);
        app.Use(recording.InvokeAsync);
        app.Use(apiKeys.InvokeAsync);

        var gate = new ModelCallGate(state, logger);
        var chat = new ChatCompletionsEndpoint(state, gate, logger);
        var embeddings = new EmbeddingsEndpoint(gate, logger);
        var admin = new AdminEndpoints(state, logger);
        app.MapPost(EmulatorRoutes.ChatCompletions, chat.HandleAsync);
        app.MapPost(EmulatorRoutes.Embeddings, embeddings.HandleAsync);
        app.MapGet(EmulatorRoutes.Health, AdminEndpoints.GetHealthAsync);
        app.MapGet(EmulatorRoutes.AdminPrefix + "/requests", admin.GetRequestsAsync);
        app.MapGet(EmulatorRoutes.AdminPrefix + "/stats", admin.GetStatsAsync);
        app.MapGet(EmulatorRoutes.AdminPrefix + "/config", admin.GetConfigAsync);
        app.MapPost(EmulatorRoutes.AdminPrefix + "/config", admin.PostConfigAsync);
        app.MapPost(EmulatorRoutes.AdminPrefix + "/reset", admin.PostResetAsync);
        var usageFaults = new UsageFaults();
        var usage = new OrganizationUsageEndpoints(state, usageFaults);
        var usageAdmin = new UsageAdminEndpoints(state, usageFaults);
        app.MapGet(UsageRoutes.CompletionsUsage, usage.GetCompletionsUsageAsync);
        app.MapGet(UsageRoutes.EmbeddingsUsage, usage.GetEmbeddingsUsageAsync);
        app.MapGet(UsageRoutes.Costs, usage.GetCostsAsync);
        var anthropicUsage = new AnthropicUsageEndpoints(state, usageFaults);
        app.MapGet(UsageRoutes.AnthropicMessagesUsage, anthropicUsage.GetMessagesUsageAsync);
        app.MapGet(UsageRoutes.AnthropicCostReport, anthropicUsage.GetCostReportAsync);
        app.MapGet(UsageRoutes.AdminDiscrepancies, usageAdmin.GetDiscrepanciesAsync);
        app.MapPost(UsageRoutes.AdminDiscrepancies, usageAdmin.PostDiscrepancyAsync);
        app.MapDelete(UsageRoutes.AdminDiscrepancies, usageAdmin.DeleteDiscrepanciesAsync);
        app.MapPost(UsageRoutes.AdminFaults, usageAdmin.PostFaultsAsync);
        app.MapFallback(UnknownRouteEndpoint.HandleAsync);
        return app;
    }

    private static IPAddress ListenAddress(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(host);
}
