using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Functions.Status;

/// <summary>The JSON body of <c>GET jobs/{jobId}</c>: the job's state and its shards' checkpointed progress (snake_case).</summary>
internal sealed record JobStatusDocument(
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
    public static JobStatusDocument From(JobStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var job = report.Job;
        return new JobStatusDocument(
            job.JobId, job.Status, job.FailureReason, job.Source.ToString(), job.CreatedAt, job.StartedAt, job.FinishedAt, job.Deadline,
            job.BudgetUsd, job.Lines, job.ShardCount, job.ShardsFinished.Count, job.CancelRequested, ProgressDocument.From(report.Progress),
            [.. report.Shards.Select(s => new ShardDocument(s.Index, s.Status, s.Lines, s.Runs, s.Leased, ProgressDocument.From(s.Progress)))]);
    }
}

/// <summary>Lines with a checkpointed result, and what they cost.</summary>
internal sealed record ProgressDocument(long Lines, long Succeeded, long Failed, long Invalid, long PaidAttempts, decimal CostUsd)
{
    public static ProgressDocument From(ShardProgress p) => new(p.Lines, p.Succeeded, p.Failed, p.Invalid, p.PaidAttempts, p.Cost);
}

/// <summary>One shard in the status body.</summary>
internal sealed record ShardDocument(int Index, ShardStatus Status, long? Lines, int Runs, bool Leased, ProgressDocument Progress);
