using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Engine.Status;

/// <summary>One job in the hosts' job list and in a cancel's answer (snake_case through <see cref="StatusJsonContext"/>).</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Where it is.</param>
/// <param name="FailureReason">Why it failed, or null.</param>
/// <param name="Source">The input blob and version.</param>
/// <param name="CreatedAt">Submitted.</param>
/// <param name="FinishedAt">Ended.</param>
/// <param name="CancelRequested">A cancel was asked for.</param>
public sealed record JobListItem(
    string JobId, JobStatus Status, string? FailureReason, string Source, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, bool CancelRequested)
{
    /// <summary>The item of a job's state.</summary>
    /// <param name="job">The state.</param>
    /// <returns>The item.</returns>
    public static JobListItem From(JobState job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.JobId, job.Status, job.FailureReason, job.Source.ToString(), job.CreatedAt, job.FinishedAt, job.CancelRequested);
    }
}
