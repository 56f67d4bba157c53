using System.CommandLine;
using BatchInference.Api;
using BatchInference.Api.Auth;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Cli.Serving;
using BatchInference.Cli.Views;
using BatchInference.Durable.Hosting;
using BatchInference.Emulator;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi serve [--local] [--port N] [--api-key KEY]</c>: the OpenAI-compatible Batch API on Kestrel until Ctrl+C. With
/// <c>--local</c> on local parts (an Azurite published for the other <c>--local</c> commands, the provider emulator) and
/// with a Durable worker in this process that runs the batches; without it on the configured parts, where
/// <c>bi worker</c> processes run them.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var local = CommonOptions.Local("Serve on local parts (Azurite, the provider emulator) and run the batches in this process.");
        var port = new Option<int>("--port") { Description = "TCP port (0: a free one).", DefaultValueFactory = _ => 8080 };
        var apiKey = new Option<string?>("--api-key") { Description = $"The key clients must present (Authorization: Bearer KEY); default: the Api:Keys configured, else with --local {ServeKeys.LocalKey}." };
        var command = new Command("serve", "Serve the OpenAI-compatible Batch API (/v1/files, /v1/batches) until Ctrl+C.") { local, port, apiKey };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var console = Consoles.Out;
            var isLocal = parse.GetValue(local);
            var (keys, keyDescription) = ServeKeys.Choose(parse.GetValue(apiKey), isLocal, configuration);
            var options = ConfigurationSections.Bind(configuration, BatchApiOptions.SectionName, new BatchApiOptions());
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration,
                new PipelineSettings
                {
                    Local = isLocal,
                    LocalStorage = LocalStorageMode.StartShared,
                    LocalEmulator = isLocal ? new EmulatorOptions() : null,
                },
                console,
                loggers,
                cancellationToken);
            var stats = new DurableWorkerStats();
            await using var worker = isLocal ? pipeline.CreateWorker(stats) : null;
            if (worker is not null)
            {
                await worker.StartAsync(cancellationToken);
            }

            await using var server = await ApiServer.StartAsync(
                pipeline, new ApiAuthenticator(keys), options, parse.GetValue(port), loopbackOnly: isLocal, loggers, cancellationToken);
            console.MarkupLineInterpolated(
                $"Serving the OpenAI Batch API ({keyDescription}); batches run {(isLocal ? "in this process" : $"on the bi worker processes of task hub {pipeline.Durable.TaskHubName}")}. Ctrl+C stops.");
            // On a line of its own, so no terminal width wraps it: scripts read it.
            console.MarkupLineInterpolated($"Base URL: [green]{server.BaseAddress}[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: stop serving, then the worker and the local parts.
            }

            if (worker is not null)
            {
                await worker.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
