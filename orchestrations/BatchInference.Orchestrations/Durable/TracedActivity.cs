using BatchInference.Orchestrations.Telemetry;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// Runs an engine activity inside a span of its own named after the activity and tagged with its job (and shard): the <c>bi.cost</c> measurements and provider call spans of a slice or a batch
/// collection then belong to their job, whichever worker ran them.
/// </summary>
internal sealed class TracedActivity(ITaskActivity inner) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (jobId, shard) = input switch
        {
            JobOrchestrationInput job => (job.JobId, (int?)null),
            JobFailureInput failure => (failure.JobId, failure.Shard),
            ShardStepInput step => (step.JobId, step.Shard),
            ShardRecordInput record => (record.JobId, record.Shard),
            Notifications.NotificationAttemptInput attempt => (attempt.Notification.JobId, null),
            _ => (null, null),
        };
        using var span = EngineTelemetry.StartActivity(context.Name.Name, context.InstanceId, jobId, shard);
        var output = await inner.RunAsync(context, input).ConfigureAwait(false);
        span.Complete();
        return output;
    }
}
