using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.State;

/// <summary>Where a shard's provider batch is, from the engine's side.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ShardBatchPhase>))]
public enum ShardBatchPhase
{
    /// <summary>About to be created (or created and not yet recorded: look it up by metadata).</summary>
    [JsonStringEnumMemberName("submitting")]
    Submitting,

    /// <summary>Created; the engine polls it.</summary>
    [JsonStringEnumMemberName("submitted")]
    Submitted,

    /// <summary>Ended and its results are in checkpoints; what it did not answer runs in real time.</summary>
    [JsonStringEnumMemberName("collected")]
    Collected,
}
