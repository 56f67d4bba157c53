namespace BatchInference.Bench.Tiers;

/// <summary>
/// One block of <c>ShardMaxLines</c> input lines of the <c>tiers-cost</c> job: what the engine did and paid for its
/// lines, next to the cheapest feasible option for the block as one shard (what an input-order split would make).
/// </summary>
/// <param name="Shard">Block index.</param>
/// <param name="Models">Its models, e.g. <c>gpt-4.1-mini + gpt-5-mini</c>.</param>
/// <param name="EngineMix">Where its paid attempts ran, from the ledger, e.g. <c>openai/batch 500</c>.</param>
/// <param name="EngineCost">What the ledger says its attempts cost.</param>
/// <param name="Cheapest">The cheapest feasible option for its lines; null when none serves them.</param>
/// <param name="RuledOut">Cheaper options that serve the shard but miss the deadline, cheapest first.</param>
internal sealed record ShardCost(
    int Shard, string Models, string EngineMix, decimal EngineCost, RouteOption? Cheapest, IReadOnlyList<RouteOption> RuledOut);
