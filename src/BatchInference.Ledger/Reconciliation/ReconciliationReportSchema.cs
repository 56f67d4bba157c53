using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>Columns of <c>reports/reconciliation/date=YYYY-MM-DD/part-&lt;provider&gt;.parquet</c>, one per <see cref="ReconciliationRow"/> field.</summary>
internal static class ReconciliationReportSchema
{
    // The spend report's money type, DECIMAL(38,12): a month of a large account's cost fits with room to spare.
    private const int MoneyPrecision = Focus.FocusColumns.MoneyPrecision;
    private const int MoneyScale = Focus.FocusColumns.MoneyScale;

    public static ParquetSchema Schema { get; } = new(
        ParquetColumn.TimestampUtc("PeriodStart"),
        ParquetColumn.TimestampUtc("PeriodEnd"),
        ParquetColumn.String("Provider"),
        ParquetColumn.String("Model"),
        ParquetColumn.String("Tier"),
        ParquetColumn.String("Currency"),
        ParquetColumn.Int64("LedgerRequests"),
        ParquetColumn.Int64("ProviderRequests"),
        ParquetColumn.Int64("LedgerInputTokens"),
        ParquetColumn.Int64("ProviderInputTokens"),
        ParquetColumn.Int64("LedgerOutputTokens"),
        ParquetColumn.Int64("ProviderOutputTokens"),
        ParquetColumn.Decimal("LedgerCost", MoneyPrecision, MoneyScale),
        ParquetColumn.Decimal("ProviderCost", MoneyPrecision, MoneyScale),
        ParquetColumn.Int64("RequestVariance"),
        ParquetColumn.Int64("TokenVariance"),
        ParquetColumn.Decimal("TokenVariancePercent", MoneyPrecision, 6, nullable: true),
        ParquetColumn.Decimal("CostVariance", MoneyPrecision, MoneyScale),
        ParquetColumn.Decimal("CostVariancePercent", MoneyPrecision, 6, nullable: true),
        ParquetColumn.Boolean("Flagged"),
        ParquetColumn.String("FlagReasons", nullable: true),
        ParquetColumn.Int64("LedgerUnknownOutcomeRequests"),
        ParquetColumn.Decimal("LedgerUnknownOutcomeMaxCost", MoneyPrecision, MoneyScale),
        ParquetColumn.Int64("LedgerUnpricedRequests"),
        ParquetColumn.String("CostSource"),
        ParquetColumn.Decimal("Cost", MoneyPrecision, MoneyScale, nullable: true));
}
