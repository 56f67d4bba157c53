using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.Durable;

/// <summary>Where a job orchestration is, as its custom status says.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobPhase>))]
public enum JobPhase
{
    /// <summary>Reading settings, splitting and planning.</summary>
    [JsonStringEnumMemberName("preparing")]
    Preparing,

    /// <summary>Waiting before preparing again: for the settings sidecar, or for another worker's job lock.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>Shards are running.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Cancel asked for: waiting for the shards to stop.</summary>
    [JsonStringEnumMemberName("cancelling")]
    Cancelling,

    /// <summary>Merging and publishing.</summary>
    [JsonStringEnumMemberName("finishing")]
    Finishing,

    /// <summary>Published; the job is terminal.</summary>
    [JsonStringEnumMemberName("finished")]
    Finished,
}

/// <summary>
/// The custom status of a <see cref="EngineOrchestrations.Job"/> orchestration: what <c>bi status</c> can show from one
/// instance query, without reading the job's blobs. Updated as each shard orchestration ends.
/// </summary>
/// <param name="Phase">Where the job is.</param>
/// <param name="ShardsTotal">Shards of the job; 0 before the split.</param>
/// <param name="ShardsDone">Shards whose orchestration has ended (finished earlier runs included).</param>
/// <param name="ShardsStopped">Of those, the ones that stopped early (cancel, budget, failure).</param>
/// <param name="Lines">Input lines, once split.</param>
/// <param name="CancelRequested">True once the cancel event arrived.</param>
public sealed record JobProgress(JobPhase Phase, int ShardsTotal, int ShardsDone, int ShardsStopped, long Lines, bool CancelRequested)
{
    /// <summary>A job not prepared yet.</summary>
    public static JobProgress Start { get; } = new(JobPhase.Preparing, 0, 0, 0, 0, CancelRequested: false);
}
