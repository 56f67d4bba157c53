namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// One (date, provider, model, tier) of a reconciliation: our ledger against the provider's report. Variances are
/// provider minus ledger; percentages are of the ledger's value, null when the ledger has none.
/// </summary>
/// <param name="Date">UTC day.</param>
/// <param name="Provider">Provider name.</param>
/// <param name="Model">Model (snapshot date suffix removed).</param>
/// <param name="Tier">Tier: <c>realtime</c>, <c>batch</c>, <c>flex</c>…</param>
/// <param name="Currency">ISO 4217 currency of both costs.</param>
/// <param name="LedgerRequests">Paid attempts in the ledger.</param>
/// <param name="ProviderRequests">Requests the provider counted.</param>
/// <param name="LedgerInputTokens">Input tokens in the ledger.</param>
/// <param name="ProviderInputTokens">Input tokens the provider counted.</param>
/// <param name="LedgerOutputTokens">Output tokens in the ledger.</param>
/// <param name="ProviderOutputTokens">Output tokens the provider counted.</param>
/// <param name="LedgerCost">Sum of the ledger's effective cost.</param>
/// <param name="ProviderCost">What the provider charges.</param>
/// <param name="RequestVariance">Provider minus ledger requests.</param>
/// <param name="TokenVariance">Provider minus ledger tokens, input plus output.</param>
/// <param name="TokenVariancePercent">Token variance in percent of the ledger's tokens.</param>
/// <param name="CostVariance">Provider minus ledger cost.</param>
/// <param name="CostVariancePercent">Cost variance in percent of the ledger's cost.</param>
/// <param name="Flagged">True when any measure broke its thresholds.</param>
/// <param name="FlagReasons">The measures that did, e.g. <c>requests,tokens</c>; null when not flagged.</param>
public sealed record ReconciliationRow(
    DateOnly Date,
    string Provider,
    string Model,
    string Tier,
    string Currency,
    long LedgerRequests,
    long ProviderRequests,
    long LedgerInputTokens,
    long ProviderInputTokens,
    long LedgerOutputTokens,
    long ProviderOutputTokens,
    decimal LedgerCost,
    decimal ProviderCost,
    long RequestVariance,
    long TokenVariance,
    decimal? TokenVariancePercent,
    decimal CostVariance,
    decimal? CostVariancePercent,
    bool Flagged,
    string? FlagReasons)
{
    /// <summary>
    /// Calls in the ledger with an unknown outcome (sent, answer lost in a crash; not in <see cref="LedgerRequests"/>).
    /// A provider count above the ledger's by at most this many, at a cost of at most
    /// <see cref="LedgerUnknownOutcomeMaxCost"/>, is explained by them and not flagged.
    /// </summary>
    public long LedgerUnknownOutcomeRequests { get; init; }

    /// <summary>The most the <see cref="LedgerUnknownOutcomeRequests"/> can have cost.</summary>
    public decimal LedgerUnknownOutcomeMaxCost { get; init; }

    /// <summary>
    /// The part of <see cref="LedgerRequests"/> the price catalog had no price for (<c>unknown_model: run_unpriced</c>):
    /// the ledger holds their cost as 0 because it is unknown.
    /// </summary>
    public long LedgerUnpricedRequests { get; init; }

    /// <summary>
    /// Where <see cref="Cost"/> comes from: <see cref="CostSources.Ledger"/> when the ledger priced every attempt,
    /// <see cref="CostSources.ProviderReport"/> when it has unpriced ones and the provider's cost report charged the row
    /// (the provider's figure is taken, never a price of ours), <see cref="CostSources.Unknown"/> when it has unpriced
    /// ones and the provider's report has no cost for them.
    /// </summary>
    public string CostSource { get; init; } = CostSources.Ledger;

    /// <summary>
    /// What the row cost: <see cref="LedgerCost"/>, or <see cref="ProviderCost"/> where the ledger could not price it
    /// (see <see cref="CostSource"/>); null when neither side knows.
    /// </summary>
    public decimal? Cost { get; init; }
}
