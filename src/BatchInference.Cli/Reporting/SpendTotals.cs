using BatchInference.Ledger.Spend;

namespace BatchInference.Cli.Reporting;

/// <summary>What a group of ledger lines adds up to. Money is exact <see cref="decimal"/> sums of the ledger's values.</summary>
/// <param name="Requests">Paid attempts (ledger lines other than result-cache hits).</param>
/// <param name="InputTokens">Input tokens, cached included.</param>
/// <param name="CachedInputTokens">Cached input tokens.</param>
/// <param name="OutputTokens">Output tokens, reasoning included.</param>
/// <param name="EffectiveCost">What the attempts cost at their tiers' prices.</param>
/// <param name="RealtimeListCost">What they would have cost at the real-time list price.</param>
/// <param name="UnpricedRequests">
/// The part of <paramref name="Requests"/> the catalog had no price for (<c>unknown_model: run_unpriced</c>): their
/// tokens are counted, their cost is unknown and in neither cost sum.
/// </param>
/// <param name="PromptCacheSavings">What the providers' prompt caches saved (the ledger's <c>prompt_cache_savings</c>).</param>
/// <param name="ResultCacheHits">Lines answered from the exact result cache (no call).</param>
/// <param name="AvoidedCost">The real-time list cost of the calls those hits avoided.</param>
internal readonly record struct SpendTotals(
    long Requests, long InputTokens, long CachedInputTokens, long OutputTokens, decimal EffectiveCost, decimal RealtimeListCost,
    long UnpricedRequests, decimal PromptCacheSavings = 0m, long ResultCacheHits = 0, decimal AvoidedCost = 0m)
{
    /// <summary>Real-time list cost minus effective cost: what running below real time saved (the tier lever).</summary>
    public decimal Savings => RealtimeListCost - EffectiveCost;

    /// <summary>Savings as a percentage of the real-time list cost, 4 decimals; null when that cost is 0.</summary>
    public decimal? SavingsPercent =>
        RealtimeListCost == 0m ? null : Math.Round(Savings * 100m / RealtimeListCost, 4, MidpointRounding.AwayFromZero);

    /// <summary>These totals with one more ledger line.</summary>
    public SpendTotals Add(LedgerEntry entry) => new(
        Requests + (entry.ResultCacheHit ? 0 : 1),
        InputTokens + entry.InputTokens,
        CachedInputTokens + entry.CachedInputTokens,
        OutputTokens + entry.OutputTokens,
        EffectiveCost + entry.EffectiveCost,
        RealtimeListCost + (entry.RealtimeListCost ?? entry.ListCost),
        UnpricedRequests + (entry.Unpriced ? 1 : 0),
        PromptCacheSavings + (entry.PromptCacheSavings ?? 0m),
        ResultCacheHits + (entry.ResultCacheHit ? 1 : 0),
        AvoidedCost + (entry.AvoidedCost ?? 0m));

    /// <summary>The sum of two totals.</summary>
    public SpendTotals Add(SpendTotals other) => new(
        Requests + other.Requests,
        InputTokens + other.InputTokens,
        CachedInputTokens + other.CachedInputTokens,
        OutputTokens + other.OutputTokens,
        EffectiveCost + other.EffectiveCost,
        RealtimeListCost + other.RealtimeListCost,
        UnpricedRequests + other.UnpricedRequests,
        PromptCacheSavings + other.PromptCacheSavings,
        ResultCacheHits + other.ResultCacheHits,
        AvoidedCost + other.AvoidedCost);
}
