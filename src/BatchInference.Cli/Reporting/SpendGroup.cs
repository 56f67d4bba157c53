namespace BatchInference.Cli.Reporting;

/// <summary>One row of a spend report: the group's dimension values and what its ledger lines add up to.</summary>
/// <param name="Key">The dimension values, in the query's order.</param>
/// <param name="Totals">The sums.</param>
internal sealed record SpendGroup(SpendGroupKey Key, SpendTotals Totals);
