namespace BatchInference.Bench.Parquet;

/// <summary>One FOCUS-like spend line: what the ledger turns into a report row.</summary>
internal sealed record SpendRow(
    DateTimeOffset ChargePeriodStart,
    DateTimeOffset ChargePeriodEnd,
    string ProviderName,
    string Model,
    string Tier,
    string? RegionId,
    string CustomId,
    string JobId,
    long InputTokens,
    long OutputTokens,
    decimal BilledCost,
    decimal EffectiveCost,
    decimal ListCost,
    string BillingCurrency,
    int Attempt,
    string? Tags);
