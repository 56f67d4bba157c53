using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Cli.Views;
using BatchInference.Emulator;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi worker [--local] [--worker-id ID] [--concurrency N]</c>: works on the engine's queue until Ctrl+C or SIGTERM.
/// Any number of workers, in any number of processes and machines, may share one storage account and queue. Without
/// <c>--local</c> it uses exactly the configured parts (<c>Storage:ConnectionString</c>, <c>Providers:OpenAI:*</c>,
/// <c>Engine:*</c>, <c>Worker:*</c>) and starts nothing.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var local = CommonOptions.Local(
            "Work on local parts: an Azurite on free ports, published for `bi submit/status/jobs… --local` in other shells of this user (or the one another `bi worker --local` publishes), and a provider emulator of its own.");
        var workerId = new Option<string?>("--worker-id") { Description = "This worker's identity (Engine:WorkerId); default: machine name and process id. Two live workers must not share one." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Queue messages handled at once (Worker:MaxConcurrentMessages, default 8)." };
        var command = new Command("worker", "Work on submitted jobs until Ctrl+C: split them, run their shards, merge and publish their results.")
        {
            local, workerId, concurrency,
        };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var console = Consoles.Out;
            var isLocal = parse.GetValue(local);
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            await using var pipeline = await Pipeline.StartAsync(
                configuration,
                new PipelineSettings
                {
                    Local = isLocal,
                    LocalStorage = LocalStorageMode.StartShared,
                    LocalEmulator = isLocal ? EmulatorSettings(configuration) : null,
                    ConfigureEngine = engine => engine.WorkerId = parse.GetValue(workerId) ?? engine.WorkerId,
                    ConfigureWorker = worker => worker.MaxConcurrentMessages = parse.GetValue(concurrency) ?? worker.MaxConcurrentMessages,
                },
                console,
                loggers,
                cancellationToken);

            var id = pipeline.EngineOptions.WorkerId;
            var host = pipeline.CreateWorker();
            console.MarkupLineInterpolated(
                $"Worker [green]{id}[/] on queue [blue]{pipeline.Queue.QueueName}[/], {pipeline.WorkerOptions.MaxConcurrentMessages} messages at once. Ctrl+C stops.");
            var working = host.RunAsync(cancellationToken);
            var interactive = !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;
            await WorkerStatusView.RunAsync(console, interactive, id, host.Stats, working, TimeProvider.System);
            await working;
            console.MarkupLine("Stopped. " + WorkerStatusView.LogLine(id, host.Stats, TimeProvider.System));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static EmulatorOptions EmulatorSettings(IConfiguration configuration)
    {
        var options = new EmulatorOptions();
        configuration.GetSection(EmulatorOptions.SectionName).Bind(options);
        return options;
    }
}
