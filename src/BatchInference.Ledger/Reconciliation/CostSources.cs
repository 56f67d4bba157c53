namespace BatchInference.Ledger.Reconciliation;

/// <summary>The values of <see cref="ReconciliationRow.CostSource"/> (the report's <c>CostSource</c> column).</summary>
public static class CostSources
{
    /// <summary>The ledger priced every attempt of the row: its cost is the ledger's.</summary>
    public const string Ledger = "ledger";

    /// <summary>The ledger has unpriced attempts; the row's cost is what the provider's cost report charged for it.</summary>
    public const string ProviderReport = "provider_report";

    /// <summary>The ledger has unpriced attempts and the provider's report has no cost for the row: its cost is unknown.</summary>
    public const string Unknown = "unknown";
}
