using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Engine;

/// <summary>A job's state with every shard's progress, as <c>bi status</c> shows it.</summary>
/// <param name="Job">The job's state.</param>
/// <param name="Shards">Each shard, in order.</param>
public sealed record JobStatusReport(JobState Job, IReadOnlyList<ShardReport> Shards)
{
    /// <summary>Progress summed over the shards (lines with a checkpointed result).</summary>
    public ShardProgress Progress => Shards.Aggregate(ShardProgress.Zero, (sum, s) => sum.Add(s.Progress));

    /// <summary>The job orchestration's custom status, when the engine runs on Durable Task and the orchestration has reported.</summary>
    public Durable.JobProgress? Orchestration { get; init; }

    /// <summary>Where each of the ended job's notifications stands (webhooks, Event Grid); empty before any attempt.</summary>
    public IReadOnlyList<Notifications.NotificationDelivery> Notifications { get; init; } = [];

    /// <summary>When the job is expected to finish and on what basis; null when not estimated.</summary>
    public BatchInference.Jobs.Summary.JobEta? Eta { get; init; }
}

/// <summary>One shard's status and checkpointed progress.</summary>
/// <param name="Index">Shard number.</param>
/// <param name="Status">Its status.</param>
/// <param name="Lines">Lines in the shard (null when not known).</param>
/// <param name="Runs">Times a worker started it.</param>
/// <param name="Leased">Whether a worker holds it right now.</param>
/// <param name="Progress">Checkpointed results.</param>
/// <param name="Tier">The tier it runs on (<c>realtime</c>, <c>batch</c>, <c>flex</c>, <c>spot</c>), when known.</param>
public sealed record ShardReport(int Index, ShardStatus Status, long? Lines, int Runs, bool Leased, ShardProgress Progress, string? Tier = null);
