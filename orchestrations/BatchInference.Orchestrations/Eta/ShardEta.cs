namespace BatchInference.Orchestrations.Eta;

/// <summary>What the ETA needs to know of one shard.</summary>
/// <param name="Lines">Its lines.</param>
/// <param name="Done">Lines with a checkpointed result.</param>
/// <param name="Finished">It will not run again.</param>
/// <param name="Realtime">Its lines so far ran in real time (not a batch shard), so they tell the real-time rate.</param>
/// <param name="BatchDue">For a shard waiting on a provider batch (out, or still to be submitted): when it is expected
/// back (<see cref="EtaEstimator.BatchDue"/>); null for a shard whose lines run in real time.</param>
/// <param name="BatchBasis">What <paramref name="BatchDue"/> rests on.</param>
internal sealed record ShardEta(long Lines, long Done, bool Finished, bool Realtime, DateTimeOffset? BatchDue = null, string? BatchBasis = null);
