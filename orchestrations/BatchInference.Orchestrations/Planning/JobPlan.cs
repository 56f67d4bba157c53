namespace BatchInference.Orchestrations.Planning;

/// <summary>A job's plan: a tier and provider per shard, and what the whole is expected to cost and take.</summary>
/// <param name="Shards">One assignment per shard, in shard order.</param>
/// <param name="EstimatedCost">The sum of the shards' estimated costs.</param>
/// <param name="AllRealtimeCost">What the job would cost entirely in real time.</param>
/// <param name="EstimatedFinish">When the last shard is done (pessimistic); the start time when there are no shards.</param>
/// <param name="Feasible">Whether every shard is planned to finish before the deadline.</param>
/// <param name="Notes">What the user should know: shards that miss the deadline, a budget the estimate passes, unknown models.</param>
public sealed record JobPlan(
    IReadOnlyList<ShardAssignment> Shards,
    decimal EstimatedCost,
    decimal AllRealtimeCost,
    DateTimeOffset EstimatedFinish,
    bool Feasible,
    IReadOnlyList<string> Notes)
{
    /// <summary>The plan by endpoint and model: each group's lines, shards and the tiers they go to.</summary>
    public IReadOnlyList<PlanGroup> Groups { get; init; } = [];

    /// <summary>What the plan saves against running everything in real time.</summary>
    public decimal Savings => AllRealtimeCost - EstimatedCost;

    /// <summary><see cref="Savings"/> as a percentage of <see cref="AllRealtimeCost"/>; null when that is zero.</summary>
    public decimal? SavingsPercent => AllRealtimeCost == 0 ? null : Math.Round(Savings * 100 / AllRealtimeCost, 1);
}
