using System.Globalization;
using BatchInference.Orchestrations.Jobs;
using Spectre.Console;

namespace BatchInference.Cli.Views;

/// <summary>A live progress bar for a running job: lines done out of the expected count, with outcomes and spend.</summary>
internal static class JobProgressView
{
    public static async Task<T> RunAsync<T>(
        IAnsiConsole console, long expectedLines, Func<IProgress<JobProgress>, Task<T>> run)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Running job", maxValue: Math.Max(1, expectedLines));
                var progress = new Progress<JobProgress>(p =>
                {
                    task.Value = Math.Min(p.Done, task.MaxValue);
                    task.Description = string.Create(
                        CultureInfo.InvariantCulture,
                        $"{p.Done:N0}/{expectedLines:N0} lines · [green]{p.Succeeded:N0} ok[/] · [red]{p.Failed + p.Invalid:N0} failed/invalid[/] · retries {Math.Max(0, p.Attempts - p.Succeeded - p.Failed):N0} · ${p.EffectiveCost:0.0000}");
                });
                result = await run(progress);
                task.Value = task.MaxValue;
            });
        return result;
    }
}
