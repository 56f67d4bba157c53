using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Spend;

namespace BatchInference.Bench.PromptCache;

/// <summary>What one run of the job paid, per provider, from its ledger.</summary>
internal sealed record PromptCacheFigures(string Provider, long Lines, long InputTokens, long CachedTokens, long CacheWriteTokens, decimal Cost)
{
    /// <summary>Share of input tokens read from the cache.</summary>
    public double CachedShare => InputTokens == 0 ? 0 : (double)CachedTokens / InputTokens;

    public static IReadOnlyList<PromptCacheFigures> From(IReadOnlyList<LedgerEntry> ledger) =>
        [.. ledger.GroupBy(e => e.Provider, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PromptCacheFigures(g.Key, g.Count(), g.Sum(e => e.InputTokens), g.Sum(e => e.CachedInputTokens), g.Sum(e => e.CacheWriteTokens), g.Sum(e => e.EffectiveCost))),
         new PromptCacheFigures("total", ledger.Count, ledger.Sum(e => e.InputTokens), ledger.Sum(e => e.CachedInputTokens), ledger.Sum(e => e.CacheWriteTokens), ledger.Sum(e => e.EffectiveCost))];
}

/// <summary>One run: hints off or on, its summary and figures.</summary>
internal sealed record PromptCacheRun(string Hints, JobSummary Summary, TimeSpan Wall, IReadOnlyList<PromptCacheFigures> Figures);
