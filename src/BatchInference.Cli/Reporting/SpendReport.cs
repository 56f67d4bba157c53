namespace BatchInference.Cli.Reporting;

/// <summary>A finished spend report: groups in key order and the total over all of them.</summary>
/// <param name="Query">What was asked.</param>
/// <param name="Groups">One per distinct key, sorted by key (ordinal, dimension by dimension).</param>
/// <param name="Total">The sum of every group.</param>
/// <param name="UnpricedModels">Models of the unpriced ledger lines, with how many each, in name order; empty when all were priced.</param>
internal sealed record SpendReport(SpendQuery Query, IReadOnlyList<SpendGroup> Groups, SpendTotals Total, IReadOnlyList<KeyValuePair<string, long>> UnpricedModels)
{
    /// <summary>Whether no ledger line matched.</summary>
    public bool IsEmpty => Total.Requests == 0 && Total.ResultCacheHits == 0;
}
