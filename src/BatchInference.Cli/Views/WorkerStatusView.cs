using BatchInference.Durable.Hosting;
using System.Globalization;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>
/// What <c>bi worker</c> shows while it runs: on a terminal one live line, redrawn twice a second; otherwise (logs,
/// systemd, a pipe) a timestamped line every 10 seconds, with what the worker ran (<see cref="DurableWorkerStats"/>).
/// Either ends when the worker has stopped.
/// </summary>
internal static class WorkerStatusView
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(IAnsiConsole console, bool interactive, string workerId, DurableWorkerStats stats, Task worker, TimeProvider time)
    {
        if (interactive)
        {
            await console.Live(new Markup(Line(workerId, stats)))
                .AutoClear(true)
                .StartAsync(async live =>
                {
                    while (!await StoppedWithinAsync(worker, LiveInterval, time))
                    {
                        live.UpdateTarget(new Markup(Line(workerId, stats)));
                    }
                });
            return;
        }

        while (!await StoppedWithinAsync(worker, LogInterval, time))
        {
            console.MarkupLine(LogLine(workerId, stats, time));
        }
    }

    /// <summary>A timestamped line with the worker's counters, for logs.</summary>
    public static string LogLine(string workerId, DurableWorkerStats stats, TimeProvider time) =>
        $"{time.GetUtcNow().UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {Line(workerId, stats)}";

    private static string Line(string workerId, DurableWorkerStats stats) => string.Create(
        CultureInfo.InvariantCulture,
        $"worker {Markup.Escape(workerId)}: activities [green]completed {stats.ActivitiesCompleted}[/] · [red]failed {stats.ActivitiesFailed}[/] · " +
        $"running {stats.ActivitiesRunning} · orchestration episodes {stats.Episodes} ([red]failed {stats.EpisodesFailed}[/])");

    private static async Task<bool> StoppedWithinAsync(Task worker, TimeSpan interval, TimeProvider time)
    {
        await Task.WhenAny(worker, Task.Delay(interval, time));
        return worker.IsCompleted;
    }
}
