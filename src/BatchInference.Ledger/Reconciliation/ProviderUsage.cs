namespace BatchInference.Ledger.Reconciliation;

/// <summary>One provider's usage and cost report for one UTC day, one line per model and tier.</summary>
/// <param name="Provider">Provider name as the ledger records it, e.g. <c>openai</c>.</param>
/// <param name="Date">The UTC day.</param>
/// <param name="Lines">Lines ordered by model then tier (ordinal).</param>
public sealed record ProviderUsage(string Provider, DateOnly Date, IReadOnlyList<ProviderUsageLine> Lines);
