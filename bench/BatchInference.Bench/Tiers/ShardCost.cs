namespace BatchInference.Bench.Tiers;

/// <summary>One shard of the <c>tiers-cost</c> job: what the engine did and paid, next to the cheapest feasible option.</summary>
/// <param name="Shard">Shard index.</param>
/// <param name="Models">Its models, e.g. <c>gpt-4.1-mini + gpt-5-mini</c>.</param>
/// <param name="PlannedTier">The tier the engine's shard state records.</param>
/// <param name="EngineMix">Where its paid attempts ran, from the ledger, e.g. <c>openai/batch 500</c>.</param>
/// <param name="EngineCost">What the ledger says its attempts cost.</param>
/// <param name="Cheapest">The cheapest feasible option for its lines; null when none serves them.</param>
/// <param name="RuledOut">Cheaper options that serve the shard but miss the deadline, cheapest first.</param>
internal sealed record ShardCost(
    int Shard, string Models, string? PlannedTier, string EngineMix, decimal EngineCost, RouteOption? Cheapest, IReadOnlyList<RouteOption> RuledOut);
