using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Engine.Status;

/// <summary>
/// The JSON body of the hosts' <c>GET jobs/{jobId}</c>: the job's state and its shards' checkpointed progress
/// (snake_case through <see cref="StatusJsonContext"/>). Shared by the Functions apps so both answer alike.
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Where it is.</param>
/// <param name="FailureReason">Why it failed, or null.</param>
/// <param name="Source">The input blob and version.</param>
/// <param name="CreatedAt">Submitted.</param>
/// <param name="StartedAt">Split into shards.</param>
/// <param name="FinishedAt">Ended.</param>
/// <param name="Deadline">The job's deadline, if any.</param>
/// <param name="BudgetUsd">The job's budget, if any.</param>
/// <param name="Lines">Input lines.</param>
/// <param name="ShardCount">Shards, once split.</param>
/// <param name="ShardsFinished">Shards done.</param>
/// <param name="CancelRequested">A cancel was asked for.</param>
/// <param name="Progress">Lines with a checkpointed result, over all shards.</param>
/// <param name="Shards">Each shard.</param>
public sealed record JobStatusDocument(
    string JobId,
    JobStatus Status,
    string? FailureReason,
    string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? Deadline,
    decimal? BudgetUsd,
    long Lines,
    int? ShardCount,
    int ShardsFinished,
    bool CancelRequested,
    ProgressDocument Progress,
    IReadOnlyList<ShardDocument> Shards)
{
    /// <summary>Where each notification of the ended job stands: per webhook (host and URL hash, never the URL) and the
    /// Event Grid topic, <c>delivered</c>, <c>retrying</c> (attempts, next attempt), <c>given_up</c> or <c>refused</c>.</summary>
    public IReadOnlyList<Notifications.NotificationDelivery> Notifications { get; init; } = [];

    /// <summary>When the job is expected to finish (its finish once it has) and what the estimate rests on.</summary>
    public BatchInference.Jobs.Summary.JobEta? Eta { get; init; }

    /// <summary>The document of a status report.</summary>
    /// <param name="report">The engine's report.</param>
    /// <returns>The document.</returns>
    public static JobStatusDocument From(JobStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var job = report.Job;
        return new JobStatusDocument(
            job.JobId, job.Status, job.FailureReason, job.Source.ToString(), job.CreatedAt, job.StartedAt, job.FinishedAt, job.Deadline,
            job.BudgetUsd, job.Lines, job.ShardCount, job.ShardsFinished.Count, job.CancelRequested, ProgressDocument.From(report.Progress),
            [.. report.Shards.Select(s => new ShardDocument(s.Index, s.Status, s.Lines, s.Runs, s.Leased, ProgressDocument.From(s.Progress)))])
        {
            Notifications = report.Notifications,
            Eta = report.Eta,
        };
    }
}

/// <summary>Lines with a checkpointed result, and what they cost.</summary>
/// <param name="Lines">Lines with a result.</param>
/// <param name="Succeeded">Answered.</param>
/// <param name="Failed">Failed after retries.</param>
/// <param name="Invalid">Not valid input.</param>
/// <param name="PaidAttempts">Paid provider calls.</param>
/// <param name="CostUsd">Their cost.</param>
public sealed record ProgressDocument(long Lines, long Succeeded, long Failed, long Invalid, long PaidAttempts, decimal CostUsd)
{
    /// <summary>The document of a shard's (or the job's) progress.</summary>
    /// <param name="p">The progress.</param>
    /// <returns>The document.</returns>
    public static ProgressDocument From(ShardProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Lines, p.Succeeded, p.Failed, p.Invalid, p.PaidAttempts, p.Cost);
    }
}

/// <summary>One shard in the status body.</summary>
/// <param name="Index">The shard number.</param>
/// <param name="Status">Where it is.</param>
/// <param name="Lines">Its lines, once split.</param>
/// <param name="Runs">Runs so far.</param>
/// <param name="Leased">A worker holds it now.</param>
/// <param name="Progress">Its checkpointed progress.</param>
public sealed record ShardDocument(int Index, ShardStatus Status, long? Lines, int Runs, bool Leased, ProgressDocument Progress);
