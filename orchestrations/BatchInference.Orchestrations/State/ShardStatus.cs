using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.State;

/// <summary>Where a shard is: <c>pending → running (→ batched → running) →</c> <c>done</c> or <c>stopped</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ShardStatus>))]
public enum ShardStatus
{
    /// <summary>Written by the split; no worker has started it.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>A worker has started it (it may have crashed since; its lease tells).</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>
    /// Its lines are out in a provider batch; a <c>CheckBatch</c> timer polls it, and no lease is held meanwhile.
    /// </summary>
    [JsonStringEnumMemberName("batched")]
    Batched,

    /// <summary>Every line has a checkpointed result.</summary>
    [JsonStringEnumMemberName("done")]
    Done,

    /// <summary>Stopped early because the job was cancelled or is failing; lines without results stay unanswered.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
