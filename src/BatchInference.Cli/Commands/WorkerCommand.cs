using BatchInference.Durable.Hosting;
using System.CommandLine;
using BatchInference.Cli.Composition;
using BatchInference.Cli.Local;
using BatchInference.Cli.Views;
using BatchInference.Emulator;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace BatchInference.Cli.Commands;

/// <summary>
/// <c>bi worker [--local] [--worker-id ID] [--concurrency N]</c>: runs the engine's job and shard orchestrations and
/// their activities on the Durable Task Framework until Ctrl+C or SIGTERM. Any number of workers, in any number of
/// processes and machines, may share one task hub (<c>Durable:TaskHubName</c>) in one storage account. Without
/// <c>--local</c> it uses exactly the configured parts (<c>Storage:ConnectionString</c>, <c>Providers:OpenAI:*</c>,
/// <c>Engine:*</c>, <c>Durable:*</c>) and starts nothing. With <c>--local</c> it also plays the function app's triggers
/// (<see cref="WorkerTriggers"/>): drops, job messages and the nightly slot start job orchestrations.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var local = CommonOptions.Local(
            "Work on local parts: an Azurite on free ports, published for `bi submit/status/jobs… --local` in other shells of this user (or the one another `bi worker --local` publishes), and a provider emulator of its own.");
        var workerId = new Option<string?>("--worker-id") { Description = "This worker's identity (Engine:WorkerId): the owner of the shard leases it takes; default: machine name and process id. Two live workers must not share one." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Activities run at once (Durable:MaxConcurrentActivities, default 32)." };
        var command = new Command("worker", "Work on submitted jobs until Ctrl+C: split them, run their shards, merge and publish their results.")
        {
            local, workerId, concurrency,
        };
        command.SetAction(CommandAction.Guarded(async (parse, cancellationToken) =>
        {
            var console = Consoles.Out;
            var isLocal = parse.GetValue(local);
            using var loggers = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel));
            var nightly = isLocal ? WorkerTriggers.NightlySchedule(configuration) : null;
            await using var pipeline = await Pipeline.StartAsync(
                configuration,
                new PipelineSettings
                {
                    Local = isLocal,
                    LocalStorage = LocalStorageMode.StartShared,
                    LocalEmulator = isLocal ? EmulatorSettings(configuration) : null,
                    ConfigureEngine = engine => engine.WorkerId = parse.GetValue(workerId) ?? engine.WorkerId,
                    ConfigureDurable = durable => durable.MaxConcurrentActivities = parse.GetValue(concurrency) ?? durable.MaxConcurrentActivities,
                },
                console,
                loggers,
                cancellationToken);

            var id = pipeline.EngineOptions.WorkerId;
            var stats = new DurableWorkerStats();
            await using var host = pipeline.CreateWorker(stats);
            await host.StartAsync(cancellationToken);
            using var stopTriggers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var triggering = Task.CompletedTask;
            if (isLocal)
            {
                var triggers = await WorkerTriggers.CreateAsync(pipeline, nightly, loggers, TimeProvider.System, cancellationToken);
                triggering = triggers.RunAsync(stopTriggers.Token);
                console.MarkupLineInterpolated(
                    $"Starting jobs from drops under jobs/incoming/, messages on the queue job-messages (bad ones to job-messages-poison), nightly slots: {configuration[WorkerTriggers.NightlyScheduleSetting] ?? WorkerTriggers.DefaultNightlySchedule} (UTC, NightlySchedule; empty: none).");
            }

            console.MarkupLineInterpolated(
                $"Worker [green]{id}[/] on task hub [blue]{pipeline.Durable.TaskHubName}[/], {pipeline.Durable.MaxConcurrentActivities} activities and {pipeline.Durable.MaxConcurrentOrchestrations} orchestration episodes at once. Ctrl+C stops.");
            var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var onStop = cancellationToken.Register(() => stopRequested.TrySetResult());
            var interactive = !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;
            await WorkerStatusView.RunAsync(console, interactive, id, stats, stopRequested.Task, TimeProvider.System);
            await stopTriggers.CancelAsync();
            await triggering;
            await host.StopAsync(CancellationToken.None);
            console.MarkupLine("Stopped. " + WorkerStatusView.LogLine(id, stats, TimeProvider.System));
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
