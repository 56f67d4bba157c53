namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// The names every host registers the engine's orchestrators under: Durable Functions in Azure (the function names of
/// the <c>[OrchestrationTrigger]</c> wrappers) and the Durable Task Framework locally. They are part of the task hub's
/// format: renaming one strands the instances already running under the old name.
/// </summary>
public static class EngineOrchestrations
{
    /// <summary>One job: plan and split, one <see cref="Shard"/> sub-orchestration per shard, merge and publish.</summary>
    public const string Job = "JobOrchestration";

    /// <summary>One shard on its tier: real-time slices, or a provider batch watched on durable timers, then the hedge.</summary>
    public const string Shard = "ShardOrchestration";

    /// <summary>One webhook delivery of a finished job, retried on durable timers (<see cref="Notifications.JobNotification"/>).</summary>
    public const string Notification = "JobNotificationOrchestration";

    /// <summary>The external event that asks a job (and its shards) to stop.</summary>
    public const string CancelEvent = "cancel";

    /// <summary>The instance id of a job's orchestration: the deterministic job id, so a redelivered drop finds its job.</summary>
    /// <param name="jobId">The job.</param>
    public static string JobInstanceId(string jobId) => jobId;

    /// <summary>The instance id of one shard's sub-orchestration.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="shard">The shard number.</param>
    public static string ShardInstanceId(string jobId, int shard) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{jobId}:shard-{shard}");

    /// <summary>The instance id of one webhook delivery: one per job, event and webhook, so starting it twice starts it once.</summary>
    /// <param name="notification">The delivery.</param>
    public static string NotificationInstanceId(Notifications.JobNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return $"{notification.JobId}:notify-{notification.Event}-{notification.EndpointKey}";
    }
}

/// <summary>Input of the <see cref="EngineOrchestrations.Job"/> orchestration: small, a reference, never a payload.</summary>
/// <param name="JobId">The job; <c>work/&lt;jobId&gt;/job.json</c> holds what was submitted.</param>
public sealed record JobOrchestrationInput(string JobId);

/// <summary>Input of the <see cref="EngineOrchestrations.Shard"/> orchestration.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Shard">The shard number.</param>
public sealed record ShardOrchestrationInput(string JobId, int Shard);

/// <summary>How a shard orchestration ended, returned to the job orchestration at the fan-in.</summary>
/// <param name="Shard">The shard number.</param>
/// <param name="Stopped">True when the shard stopped early (cancel, budget, deadline, failure) instead of finishing its lines.</param>
/// <param name="Reason">Why it stopped; null when it finished.</param>
public sealed record ShardOrchestrationResult(int Shard, bool Stopped, string? Reason);
