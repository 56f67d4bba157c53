namespace BatchInference.Ledger.Reconciliation;

/// <summary>The ledger's side of one (model, tier): a running sum of paid attempts.</summary>
internal sealed class LedgerTotals
{
    public long Requests { get; private set; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public decimal Cost { get; private set; }

    public string? Currency { get; private set; }

    public void Add(Spend.LedgerEntry entry)
    {
        Requests++;
        InputTokens += entry.InputTokens;
        OutputTokens += entry.OutputTokens;
        Cost += entry.EffectiveCost;
        Currency ??= entry.Currency.ToUpperInvariant();
    }
}
