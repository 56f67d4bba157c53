using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Decisions;

/// <summary>What the watchdog saw of one shard.</summary>
/// <param name="Index">Shard number.</param>
/// <param name="Status">Its state's status.</param>
/// <param name="Leased">Whether a worker holds its lease right now.</param>
/// <param name="NextPoll">For a batched shard: when its next poll is due.</param>
internal sealed record ShardObservation(int Index, ShardStatus Status, bool Leased, DateTimeOffset? NextPoll = null)
{
    public bool Finished => Status is ShardStatus.Done or ShardStatus.Stopped;
}
