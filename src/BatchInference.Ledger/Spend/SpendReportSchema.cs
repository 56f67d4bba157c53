using BatchInference.Ledger.Parquet;

namespace BatchInference.Ledger.Spend;

/// <summary>
/// Columns of the spend report: FOCUS 1.2 names, types and meanings for the columns a per-request LLM charge fills,
/// plus <c>x_</c> columns for what FOCUS has no column for (job, request, tier, token kinds). The full FOCUS column set
/// arrives with the reporting work; names here will not change.
/// </summary>
internal static class SpendReportSchema
{
    /// <summary>Money: 18 digits with 12 after the point, exact for per-token prices down to $0.000001 per 1M.</summary>
    public const int MoneyPrecision = 18;

    /// <summary>Scale of every money column.</summary>
    public const int MoneyScale = 12;

    public static ParquetSchema Schema { get; } = new(
        ParquetColumn.Decimal("BilledCost", MoneyPrecision, MoneyScale),
        ParquetColumn.Decimal("EffectiveCost", MoneyPrecision, MoneyScale),
        ParquetColumn.Decimal("ListCost", MoneyPrecision, MoneyScale),
        ParquetColumn.Decimal("ContractedCost", MoneyPrecision, MoneyScale),
        ParquetColumn.String("BillingCurrency"),
        ParquetColumn.TimestampMicrosUtc("BillingPeriodStart"),
        ParquetColumn.TimestampMicrosUtc("BillingPeriodEnd"),
        ParquetColumn.TimestampMicrosUtc("ChargePeriodStart"),
        ParquetColumn.TimestampMicrosUtc("ChargePeriodEnd"),
        ParquetColumn.String("ChargeCategory"),
        ParquetColumn.String("ChargeDescription"),
        ParquetColumn.String("ChargeFrequency"),
        ParquetColumn.Decimal("ConsumedQuantity", MoneyPrecision, 0),
        ParquetColumn.String("ConsumedUnit"),
        ParquetColumn.Decimal("PricingQuantity", MoneyPrecision, 0),
        ParquetColumn.String("PricingUnit"),
        ParquetColumn.String("ProviderName"),
        ParquetColumn.String("PublisherName"),
        ParquetColumn.String("InvoiceIssuerName"),
        ParquetColumn.String("ServiceCategory"),
        ParquetColumn.String("ServiceName"),
        ParquetColumn.String("SkuId"),
        ParquetColumn.String("Tags"),
        ParquetColumn.String("x_JobId"),
        ParquetColumn.String("x_CustomId"),
        ParquetColumn.Int64("x_Line"),
        ParquetColumn.Int32("x_Attempt"),
        ParquetColumn.String("x_Provider"),
        ParquetColumn.String("x_Model"),
        ParquetColumn.String("x_Tier"),
        ParquetColumn.String("x_ProviderRequestId", nullable: true),
        ParquetColumn.Int64("x_InputTokens"),
        ParquetColumn.Int64("x_CachedInputTokens"),
        ParquetColumn.Int64("x_OutputTokens"),
        ParquetColumn.Int64("x_ReasoningTokens"),
        ParquetColumn.Decimal("x_Savings", MoneyPrecision, MoneyScale),
        ParquetColumn.String("x_PriceVersion"));
}
