using BatchInference.Ledger.Spend;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// Compares our ledger with a provider's usage and cost report for one UTC day: one row per (model, tier) either
/// side knows, with variances and flags. Pure: the same inputs give the same rows in the same order.
/// </summary>
public static class Reconciler
{
    private const int PercentScale = 6;
    private const int MoneyScale = 12;

    /// <summary>
    /// Reconciles <paramref name="ledger"/> against <paramref name="providerUsage"/>. Only entries of the report's
    /// provider whose attempt started on <paramref name="date"/> (UTC; providers bucket usage by request time) count;
    /// others are skipped, so the whole day's ledger may be passed for every provider.
    /// </summary>
    /// <param name="date">The UTC day; must be the report's.</param>
    /// <param name="ledger">Ledger entries (any order).</param>
    /// <param name="providerUsage">The provider's report for the day.</param>
    /// <param name="thresholds">Tolerances, validated here.</param>
    /// <param name="cancellationToken">Stops reading the ledger.</param>
    /// <returns>Rows ordered by model then tier (ordinal).</returns>
    public static async Task<IReadOnlyList<ReconciliationRow>> ReconcileAsync(
        DateOnly date,
        IAsyncEnumerable<LedgerEntry> ledger,
        ProviderUsage providerUsage,
        ReconciliationThresholds thresholds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(providerUsage);
        ArgumentNullException.ThrowIfNull(thresholds);
        thresholds.Validate();
        if (providerUsage.Date != date)
        {
            throw new ArgumentException($"The provider report is for {providerUsage.Date:yyyy-MM-dd}, not {date:yyyy-MM-dd}.", nameof(providerUsage));
        }

        // A model the provider reports without tiers (OpenAI's embeddings) is compared over all its tiers on both sides.
        var untiered = providerUsage.Lines
            .Where(l => string.Equals(l.Tier, ProviderUsageLine.AllTiers, StringComparison.Ordinal))
            .Select(l => ModelName.Normalize(l.Model))
            .ToHashSet(StringComparer.Ordinal);
        string TierOf(string model, string tier) => untiered.Contains(model) ? ProviderUsageLine.AllTiers : tier;
        var ours = new Dictionary<(string Model, string Tier), LedgerTotals>();
        await foreach (var entry in ledger.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!string.Equals(entry.Provider, providerUsage.Provider, StringComparison.Ordinal) ||
                DateOnly.FromDateTime(entry.StartedAt.UtcDateTime) != date)
            {
                continue;
            }

            var model = ModelName.Normalize(entry.Model);
            var key = (model, TierOf(model, entry.Tier));
            if (!ours.TryGetValue(key, out var totals))
            {
                ours[key] = totals = new LedgerTotals();
            }

            totals.Add(entry);
        }

        var theirs = providerUsage.Lines
            .GroupBy(l => (ModelName.Normalize(l.Model), TierOf(ModelName.Normalize(l.Model), l.Tier)))
            .ToDictionary(g => g.Key, g => g.Aggregate(Sum));
        return [.. ours.Keys.Union(theirs.Keys)
            .OrderBy(k => k.Item1, StringComparer.Ordinal)
            .ThenBy(k => k.Item2, StringComparer.Ordinal)
            .Select(k => Row(date, providerUsage.Provider, k, ours.GetValueOrDefault(k), theirs.GetValueOrDefault(k), thresholds))];
    }

    private static ReconciliationRow Row(
        DateOnly date, string provider, (string Model, string Tier) key, LedgerTotals? ours, ProviderUsageLine? theirs, ReconciliationThresholds thresholds)
    {
        ours ??= new LedgerTotals();
        long theirRequests = theirs?.Requests ?? 0, theirInput = theirs?.InputTokens ?? 0, theirOutput = theirs?.OutputTokens ?? 0;
        var ourCost = Math.Round(ours.Cost, MoneyScale);
        var theirCost = Math.Round(theirs?.Cost ?? 0m, MoneyScale);
        var ourTokens = ours.InputTokens + ours.OutputTokens;
        var requestVariance = theirRequests - ours.Requests;
        var tokenVariance = theirInput + theirOutput - ourTokens;
        var costVariance = theirCost - ourCost;

        // Calls whose answers a crash lost explain the provider counting up to that many requests, and up to their
        // estimated cost, more than the ledger's paid attempts.
        var requestsExplained = requestVariance >= 0 && requestVariance <= ours.UnknownOutcomeRequests;
        var costExplained = ours.UnknownOutcomeRequests > 0 && costVariance >= 0 && costVariance <= ours.UnknownOutcomeMaxCost;
        var reasons = new List<string>(4);
        if (!requestsExplained && thresholds.Exceeds(requestVariance, ours.Requests, thresholds.AbsoluteRequests))
        {
            reasons.Add("requests");
        }

        // Their tokens are unknown too; an excess whose requests and cost those calls explain is theirs.
        var tokensExplained = requestsExplained && costExplained && tokenVariance >= 0;
        if (!tokensExplained && thresholds.Exceeds(tokenVariance, ourTokens, thresholds.AbsoluteTokens))
        {
            reasons.Add("tokens");
        }

        // With unpriced attempts the ledger's cost is a lower bound of unknown size: comparing it says nothing, and the
        // provider's figure becomes the row's cost instead.
        var unpriced = ours.UnpricedRequests > 0;
        var costSource = !unpriced ? CostSources.Ledger : theirs is { Cost: > 0 } ? CostSources.ProviderReport : CostSources.Unknown;
        if (!unpriced && !costExplained && thresholds.Exceeds(costVariance, ourCost, thresholds.AbsoluteCost))
        {
            reasons.Add("cost");
        }

        var currency = ours.Currency ?? theirs?.Currency ?? "USD";
        if (ours.Currency is not null && theirs is not null && theirs.Cost != 0 && !string.Equals(ours.Currency, theirs.Currency, StringComparison.Ordinal))
        {
            reasons.Add("currency");
        }

        return new ReconciliationRow(
            date, provider, key.Model, key.Tier, currency,
            ours.Requests, theirRequests,
            ours.InputTokens, theirInput,
            ours.OutputTokens, theirOutput,
            ourCost, theirCost,
            requestVariance,
            tokenVariance, Percent(tokenVariance, ourTokens),
            costVariance, Percent(costVariance, ourCost),
            reasons.Count > 0,
            reasons.Count > 0 ? string.Join(',', reasons) : null)
        {
            LedgerUnknownOutcomeRequests = ours.UnknownOutcomeRequests,
            LedgerUnknownOutcomeMaxCost = Math.Round(ours.UnknownOutcomeMaxCost, MoneyScale),
            LedgerUnpricedRequests = ours.UnpricedRequests,
            CostSource = costSource,
            Cost = costSource switch
            {
                CostSources.Ledger => ourCost,
                CostSources.ProviderReport => theirCost,
                _ => null,
            },
        };
    }

    private static decimal? Percent(decimal variance, decimal ledgerValue) =>
        ledgerValue == 0 ? (variance == 0 ? 0m : null) : Math.Round(variance * 100m / ledgerValue, PercentScale);

    private static ProviderUsageLine Sum(ProviderUsageLine a, ProviderUsageLine b) => a with
    {
        Requests = a.Requests + b.Requests,
        InputTokens = a.InputTokens + b.InputTokens,
        CachedInputTokens = a.CachedInputTokens + b.CachedInputTokens,
        OutputTokens = a.OutputTokens + b.OutputTokens,
        Cost = a.Cost + b.Cost,
    };
}
