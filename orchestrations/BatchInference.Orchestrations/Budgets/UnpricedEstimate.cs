using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Budgets;

/// <summary>
/// The price a budget counts an unpriced line at (<c>unknown_model: run_unpriced</c> with <c>unpriced_budget:
/// estimate</c>): per token kind, the highest real-time price among the catalog's entries of the line's provider for
/// the same kind of endpoint (embedding models, priced for input only, for <c>/v1/embeddings</c>; the others for every
/// other url). An unknown model is most often a new or fine-tuned one whose price is not yet known; the dearest
/// catalogued price keeps the cap a cap unless it costs more per token than anything the provider lists. Never written
/// to the ledger: the line stays unpriced there.
/// </summary>
internal static class UnpricedEstimate
{
    /// <summary>The estimate's model name, for diagnostics; never a SKU in the ledger.</summary>
    public const string Model = "(unpriced estimate)";

    /// <summary>The price to count an unpriced line of <paramref name="provider"/> and <paramref name="url"/> at; null when the catalog prices nothing comparable.</summary>
    public static ModelPrice? PriceFor(PriceCatalog catalog, string provider, string url)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var embeddings = url.EndsWith("/embeddings", StringComparison.Ordinal);
        var comparable = catalog.Prices
            .Where(p => p.Provider == provider && p.Tier == Tiers.Realtime && (p.OutputPerMillion == 0m) == embeddings)
            .ToList();
        if (comparable.Count == 0)
        {
            return null;
        }

        var input = comparable.Max(p => p.InputPerMillion);
        return new ModelPrice(provider, Model, Tiers.Realtime, input, comparable.Max(p => p.CachedInputPerMillion), comparable.Max(p => p.OutputPerMillion))
        {
            // A write is never counted below the input rate, whichever entries list a write price.
            CacheWritePerMillion = Math.Max(input, comparable.Max(p => p.CacheWritePerMillion ?? 0m)),
        };
    }

    /// <summary>What <paramref name="line"/>'s paid attempts count for at <paramref name="price"/>, from the usage each reported.</summary>
    public static decimal CostOf(AnsweredLine line, ModelPrice price) =>
        line.Outcome.Attempts
            .Where(a => a.Usage is not null)
            .Sum(a => CostCalculator.Cost(price, new TokenCounts(a.Usage!.InputTokens, a.Usage.CachedInputTokens, a.Usage.OutputTokens, a.Usage.ReasoningTokens)
            {
                CacheWrite = a.Usage.CacheWriteTokens,
            }));
}
