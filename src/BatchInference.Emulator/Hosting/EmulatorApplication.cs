using System.Net;
using BatchInference.Emulator.Admin;
using BatchInference.Emulator.Anthropic.MessageBatches;
using BatchInference.Emulator.Anthropic.Messages;
using BatchInference.Emulator.Batches.OpenAIBatches;
using BatchInference.Emulator.Files;
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
using Microsoft.Extensions.Logging.Console;

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
            // Quiet by default so a CLI's console stays clean: only warnings and errors, on stderr (a CLI's stdout is
            // its data).
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
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

        state.Batches.Logger = logger;
        var gate = new ModelCallGate(state, logger);
        var chat = new ChatCompletionsEndpoint(state, gate, new ChatCompletionAnswerer(state), logger);
        var embeddings = new EmbeddingsEndpoint(gate, logger);
        var admin = new AdminEndpoints(state, logger);
        app.MapPost(EmulatorRoutes.ChatCompletions, chat.HandleAsync);
        app.MapPost(EmulatorRoutes.Embeddings, embeddings.HandleAsync);
        app.MapPost(EmulatorRoutes.Completions, new OpenAI.Completions.CompletionsEndpoint(state, gate, logger).HandleAsync);
        MapBatchApis(app, state, gate, logger);
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

    private static void MapBatchApis(WebApplication app, EmulatorState state, ModelCallGate gate, ILogger logger)
    {
        var files = new FilesEndpoints(state, logger);
        app.MapPost(EmulatorRoutes.Files, files.UploadAsync);
        app.MapGet(EmulatorRoutes.Files, files.ListAsync);
        app.MapGet(EmulatorRoutes.Files + "/{fileId}", files.GetAsync);
        app.MapDelete(EmulatorRoutes.Files + "/{fileId}", files.DeleteAsync);
        app.MapGet(EmulatorRoutes.Files + "/{fileId}/content", files.GetContentAsync);

        var batches = new OpenAIBatchesEndpoints(state);
        app.MapPost(EmulatorRoutes.Batches, batches.CreateAsync);
        app.MapGet(EmulatorRoutes.Batches, batches.ListAsync);
        app.MapGet(EmulatorRoutes.Batches + "/{batchId}", batches.GetAsync);
        app.MapPost(EmulatorRoutes.Batches + "/{batchId}/cancel", batches.CancelAsync);

        var messages = new MessagesEndpoint(state, gate, logger);
        app.MapPost(EmulatorRoutes.AnthropicMessages, messages.HandleAsync);
        var messageBatches = new MessageBatchesEndpoints(state);
        app.MapPost(EmulatorRoutes.AnthropicMessageBatches, messageBatches.CreateAsync);
        app.MapGet(EmulatorRoutes.AnthropicMessageBatches, messageBatches.ListAsync);
        app.MapGet(EmulatorRoutes.AnthropicMessageBatches + "/{batchId}", messageBatches.GetAsync);
        app.MapPost(EmulatorRoutes.AnthropicMessageBatches + "/{batchId}/cancel", messageBatches.CancelAsync);
        app.MapGet(EmulatorRoutes.AnthropicMessageBatches + "/{batchId}/results", messageBatches.GetResultsAsync);
    }

    private static IPAddress ListenAddress(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(host);
}
