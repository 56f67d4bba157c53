namespace BatchInference.Ledger.Reconciliation;

/// <summary>The ledger's side of one (model, tier): a running sum of paid attempts.</summary>
internal sealed class LedgerTotals
{
    public long Requests { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public decimal Cost { get; private set; }

    public string? Currency { get; private set; }

    /// <summary>Calls a crash lost the answers to: the provider may have counted each once.</summary>
    public long UnknownOutcomeRequests { get; private set; }

    /// <summary>The most those calls can have cost.</summary>
    public decimal UnknownOutcomeMaxCost { get; private set; }

    /// <summary>Paid attempts the catalog had no price for (<c>unknown_model: run_unpriced</c>): counted, cost unknown.</summary>
    public long UnpricedRequests { get; private set; }

    public void Add(Spend.LedgerEntry entry)
    {
        if (entry.IsUnknownOutcome)
        {
            UnknownOutcomeRequests++;
            UnknownOutcomeMaxCost += entry.EstimatedMaxCost ?? 0m;
            return;
        }

        Requests++;
        UnpricedRequests += entry.Unpriced ? 1 : 0;
        InputTokens += entry.InputTokens;
        OutputTokens += entry.OutputTokens;
        Cost += entry.EffectiveCost;
        Currency ??= entry.Currency.ToUpperInvariant();
    }
}
