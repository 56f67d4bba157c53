using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// The names of the job orchestration's activities. Like the orchestration names they are part of the task hub's
/// format: renaming one strands the instances waiting on it.
/// </summary>
public static class JobActivities
{
    /// <summary>Sidecar wait, settings, deadline, split and plan: <see cref="JobOrchestrationInput"/> → <see cref="JobPreparation"/>.</summary>
    public const string Prepare = "PrepareJob";

    /// <summary>Merge and publish (results, ledger, spend report, summary last): <see cref="JobOrchestrationInput"/> → <see cref="JobFinishResult"/>.</summary>
    public const string Finish = "FinishJob";

    /// <summary>
    /// Deletes a finished job's work files (<see cref="Steps.JobWorkCleanup"/>), after the job is terminal:
    /// <see cref="JobOrchestrationInput"/> → <see cref="int"/> (files deleted).
    /// </summary>
    public const string CleanUp = "CleanUpJobWork";

    /// <summary>Records a user's cancel in the job's state, so its shards stop starting lines: <see cref="JobOrchestrationInput"/> → <see cref="bool"/> (false: no such job).</summary>
    public const string RecordCancel = "RecordJobCancel";

    /// <summary>Fails the job with a reason (the first one wins): <see cref="JobFailureInput"/> → <see cref="bool"/> (false: no such job).</summary>
    public const string Fail = "FailJob";

    /// <summary>Publishing kept failing: publishes a failed summary and ends the job: <see cref="JobFailureInput"/> → <see cref="JobFinishResult"/>.</summary>
    public const string PublishFailedSummary = "PublishFailedJobSummary";

    /// <summary>The job ended: starts one <see cref="EngineOrchestrations.Notification"/> per webhook delivery it owes
    /// (none twice): <see cref="JobOrchestrationInput"/> → <see cref="int"/> (deliveries started).</summary>
    public const string StartNotifications = "StartJobNotifications";

    /// <summary>One attempt of one delivery: <see cref="Notifications.NotificationAttemptInput"/> → <see cref="Notifications.NotificationAttemptResult"/>.</summary>
    public const string SendNotification = "SendJobNotification";
}

/// <summary>Input of <see cref="JobActivities.Fail"/> and <see cref="JobActivities.PublishFailedSummary"/>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Shard">The shard that failed; null when splitting (or publishing) failed.</param>
/// <param name="Cause">What failed, in words (the last error's message).</param>
public sealed record JobFailureInput(string JobId, int? Shard, string Cause);

/// <summary>Output of <see cref="JobActivities.Finish"/>: where the job ended, or how long to wait before trying again.</summary>
/// <param name="Status">The job's status afterwards (terminal once finished).</param>
/// <param name="RetryAfter">Positive when another worker held the job lock: finish again after this long.</param>
/// <param name="Counts">The published summary's line counts; null when no summary was published.</param>
/// <param name="FailureReason">The summary's failure reason, if any.</param>
public sealed record JobFinishResult(JobStatus Status, TimeSpan RetryAfter, JobLineCounts? Counts, string? FailureReason);

/// <summary>The output of the <see cref="EngineOrchestrations.Job"/> orchestration: how the job ended, small.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Its terminal status.</param>
/// <param name="Counts">Line counts from its summary (null when it has none).</param>
/// <param name="FailureReason">Why it failed, when it did.</param>
public sealed record JobOrchestrationResult(string JobId, JobStatus Status, JobLineCounts? Counts, string? FailureReason);

/// <summary>The external events a <see cref="EngineOrchestrations.Job"/> orchestration listens for.</summary>
public static class JobEvents
{
    /// <summary>Stop the job (<see cref="EngineOrchestrations.CancelEvent"/>); forwarded to its shard orchestrations.</summary>
    public const string Cancel = EngineOrchestrations.CancelEvent;

    /// <summary>A <c>.job.json</c> sidecar was written next to the job's input: a job waiting for it prepares again at once.</summary>
    public const string SidecarArrived = "sidecar";
}
