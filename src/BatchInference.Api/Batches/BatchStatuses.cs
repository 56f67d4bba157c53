using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Api.Batches;

/// <summary>
/// OpenAI's batch status of a job, as a pure function: <c>validating</c> until the input is split, <c>in_progress</c>
/// while shards run, <c>finalizing</c> while results merge, <c>cancelling</c> from a cancel until the job ends, and at
/// the end <c>completed</c> (also with failed lines, and when a budget stopped lines: they are in the error file),
/// <c>expired</c> (it finished after its deadline), <c>cancelled</c> or <c>failed</c> (the job could not run, or the
/// input failed validation).
/// </summary>
internal static class BatchStatuses
{
    public const string Validating = "validating";
    public const string Failed = "failed";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    public static string Of(BatchRecord record, JobState? job, JobSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Errors.Count > 0 || record.FailedAt is not null)
        {
            return Failed;
        }

        if (job is null)
        {
            // Recorded, and the job not yet readable: OpenAI's first status.
            return Validating;
        }

        return job.Status switch
        {
            JobStatus.Pending => job.CancelRequested ? Cancelling : Validating,
            JobStatus.Running => job.CancelRequested ? Cancelling : InProgress,
            JobStatus.Finishing => job.CancelRequested ? Cancelling : Finalizing,
            JobStatus.Cancelled => Cancelled,
            JobStatus.Failed => Failed,
            _ => summary?.DeadlineMet == false ? Expired : Completed,
        };
    }

    public static bool IsTerminal(string status) => status is Failed or Completed or Expired or Cancelled;
}
