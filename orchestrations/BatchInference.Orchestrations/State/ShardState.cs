using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.State;

/// <summary>
/// A shard's state, stored as <c>work/&lt;jobId&gt;/shards/&lt;k&gt;/state.json</c>. Its lease is the right to run the
/// shard; only the lease holder writes it. Progress lives in the checkpoint parts' metadata, not here, so a checkpoint
/// is one write.
/// </summary>
public sealed record ShardState
{
    /// <summary>The job.</summary>
    public required string JobId { get; init; }

    /// <summary>Shard number, from 0.</summary>
    public required int Index { get; init; }

    /// <summary>
    /// Job-wide sequence number of the shard's first line (results merge in sequence order). A shard holds one endpoint
    /// and model, so its lines ascend but are not consecutive: lines of other groups lie between them.
    /// </summary>
    public required long FirstSequence { get; init; }

    /// <summary>Job-wide sequence number of the shard's last line.</summary>
    public long LastSequence { get; init; }

    /// <summary>The model of every line in the shard; null for the shard of invalid input lines.</summary>
    public string? Model { get; init; }

    /// <summary>The endpoint of every line in the shard; null for the shard of invalid input lines.</summary>
    public string? Url { get; init; }

    /// <summary>Lines in the shard.</summary>
    public required long LineCount { get; init; }

    /// <summary>Input line number of the first line.</summary>
    public long FirstLineNumber { get; init; }

    /// <summary>Input line number of the last line.</summary>
    public long LastLineNumber { get; init; }

    /// <summary>Size of the shard's input blob.</summary>
    public long Bytes { get; init; }

    /// <summary>Where the shard is.</summary>
    public ShardStatus Status { get; init; } = ShardStatus.Pending;

    /// <summary>How many times a worker started running the shard (more than 1 means it resumed from a checkpoint).</summary>
    public int Runs { get; init; }

    /// <summary>
    /// Checkpoint parts that existed when the last run started (a record for reading the shard's history; the queue
    /// engine this replaced told crashes from poison messages by it).
    /// </summary>
    public int PartsAtLastRun { get; init; }

    /// <summary>When the shard first started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the shard finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When this state was last written.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The tier the shard runs on: <c>realtime</c>, <c>batch</c>, <c>flex</c> or <c>spot</c>, as planned at split time;
    /// a shard that had to leave its tier (batch cancelled at its last safe moment, flex storm, spot endpoint gone) shows
    /// the tier it finished on and <see cref="TierChange"/> says why.
    /// </summary>
    public string Tier { get; init; } = Tiers.Realtime;

    /// <summary>The provider the shard runs on; null means the engine's default provider (<c>Engine:Provider</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// For a batch shard: the latest moment its unanswered lines can still be finished in real time before the job's
    /// deadline. A batch still running then is cancelled and the rest runs in real time.
    /// </summary>
    public DateTimeOffset? LastSafeMoment { get; init; }

    /// <summary>The shard's current provider batch, while it has one.</summary>
    public ShardBatch? Batch { get; init; }

    /// <summary>Why the shard left its planned tier, when it did.</summary>
    public string? TierChange { get; init; }

    /// <summary>True when the shard will not run again.</summary>
    [JsonIgnore]
    public bool IsFinished => Status is ShardStatus.Done or ShardStatus.Stopped;
}
