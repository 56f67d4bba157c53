using BatchInference.Cli.Views;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// Shows a job's progress until it has finished and its orchestration has ended, for the commands that run a job with
/// a worker in their own process (<c>bi run</c>, <c>bi demo</c>), then waits a bounded time for its webhook deliveries
/// (<see cref="NotificationWait"/>): the worker may stop only then.
/// </summary>
internal static class JobWatch
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <returns>The job's terminal status.</returns>
    /// <exception cref="InvalidOperationException">The orchestration ended without finishing the job.</exception>
    public static async Task<JobStatusReport> RunAsync(Pipeline pipeline, IAnsiConsole console, string jobId, TimeProvider time, CancellationToken cancellationToken)
    {
        // The bars follow the job's state until it is terminal; the orchestration ends after that (its finish activity
        // publishes, then returns). One that ends without making the job terminal (it failed outside the engine's own
        // failure handling) stops the watch with its reason rather than leaving the bars waiting.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watching = JobProgressView.RunAsync(console, pipeline.Engine, jobId, JobProgressStyle.Compact, PollInterval, time, stop.Token);
        var orchestration = pipeline.TaskHub.WaitForInstanceCompletionAsync(EngineOrchestrations.JobInstanceId(jobId), cancellation: stop.Token);
        try
        {
            if (await Task.WhenAny(watching, orchestration) == orchestration
                && await orchestration is { RuntimeStatus: not OrchestrationRuntimeStatus.Completed } ended)
            {
                throw new InvalidOperationException(
                    $"Job {jobId}'s orchestration ended {ended.RuntimeStatus} before the job finished: {ended.FailureDetails?.ErrorMessage ?? "no reason given"}");
            }

            var final = await watching;
            await orchestration;
            await NotificationWait.RunAsync(pipeline, console, jobId, cancellationToken);
            return final;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(watching, orchestration).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
