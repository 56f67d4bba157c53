using BatchInference.Orchestrations.Durable;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// For the commands that run a job with a worker in their own process (<c>bi run</c>, <c>bi demo</c>): once the job's
/// orchestration has ended, gives its webhook deliveries a bounded time to end before the worker stops (and a private
/// task hub is deleted), and says how they went. A receiver that keeps failing is not waited for: its delivery goes on
/// only where a worker keeps running on a shared task hub (<c>bi worker</c>).
/// </summary>
internal static class NotificationWait
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(Pipeline pipeline, IAnsiConsole console, string jobId, CancellationToken cancellationToken)
    {
        // Each delivery's first attempt is bounded by SendTimeout; a first retry may follow after FirstRetryDelay.
        var notify = pipeline.EngineOptions.Notify;
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(notify.SendTimeout + notify.FirstRetryDelay + TimeSpan.FromSeconds(5));
        var deliveries = await ReadAsync(pipeline.TaskHub, jobId, cancellationToken);
        try
        {
            while (deliveries.Any(d => !d.IsCompleted))
            {
                await Task.Delay(PollInterval, bound.Token);
                deliveries = await ReadAsync(pipeline.TaskHub, jobId, bound.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Bounded on purpose: report what is still pending below.
        }

        if (deliveries.Count > 0)
        {
            var pending = deliveries.Count(d => !d.IsCompleted);
            console.MarkupLineInterpolated(
                $"Webhooks: {deliveries.Count - pending} of {deliveries.Count} deliveries ended (see results/{jobId}/notifications.jsonl){(pending > 0 ? "; the rest are retried only by a worker that keeps running on this task hub" : string.Empty)}");
        }
    }

    private static async Task<List<OrchestrationMetadata>> ReadAsync(DurableTaskClient hub, string jobId, CancellationToken cancellationToken)
    {
        var found = new List<OrchestrationMetadata>();
        var query = new OrchestrationQuery { InstanceIdPrefix = jobId + ":notify-" };
        await foreach (var instance in hub.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name == EngineOrchestrations.Notification)
            {
                found.Add(instance);
            }
        }

        return found;
    }
}
