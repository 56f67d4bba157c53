namespace BatchInference.Orchestrations.Planning;

/// <summary>Where one shard runs and what that is expected to cost and take.</summary>
/// <param name="Shard">The shard's 0-based index.</param>
/// <param name="Tier">The tier: <c>realtime</c>, <c>batch</c>, <c>flex</c> or <c>spot</c>.</param>
/// <param name="Provider">The provider, or <see cref="NoProvider"/> when no allowed provider serves the shard.</param>
/// <param name="EstimatedCost">Its estimated cost on that tier, in the catalog's currency.</param>
/// <param name="RealtimeCost">What it would cost in real time at the cheapest allowed provider (the baseline for savings; its own
/// cost when no real-time option is allowed).</param>
/// <param name="EstimatedFinish">When it is done, pessimistically: a batch's 95th percentile, a rate-limited tier's throughput.</param>
/// <param name="LastSafeMoment">
/// For a batch, flex or spot shard: when the watcher must give up on the tier and finish the rest in real time to still
/// meet the deadline (deadline minus the real-time reserve). Null for real time, and when there is no real-time fallback.
/// </param>
/// <param name="Reason">Why this tier and provider, in one sentence.</param>
public sealed record ShardAssignment(
    int Shard,
    string Tier,
    string Provider,
    decimal EstimatedCost,
    decimal RealtimeCost,
    DateTimeOffset EstimatedFinish,
    DateTimeOffset? LastSafeMoment,
    string Reason)
{
    /// <summary>The <see cref="Provider"/> of a shard no allowed provider serves.</summary>
    public const string NoProvider = "none";
}
