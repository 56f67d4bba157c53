using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>Live progress bars for a job, polled from <see cref="JobEngine.GetStatusAsync"/> until the job is terminal.</summary>
internal static class JobProgressView
{
    /// <returns>The last status read: the job's terminal state.</returns>
    /// <exception cref="InvalidOperationException">The job disappeared while being watched.</exception>
    public static async Task<JobStatusReport> RunAsync(
        IAnsiConsole console, JobEngine engine, string jobId, JobProgressStyle style, TimeSpan interval, TimeProvider time,
        CancellationToken cancellationToken)
    {
        JobStatusReport? last = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = new JobProgressBars(context, style);
                while (true)
                {
                    last = await engine.GetStatusAsync(jobId, cancellationToken)
                        ?? throw new InvalidOperationException($"Job {jobId} no longer exists.");
                    bars.Update(last);
                    if (last.Job.Status.IsTerminal())
                    {
                        return;
                    }

                    await Task.Delay(interval, time, cancellationToken);
                }
            });
        return last!;
    }
}
