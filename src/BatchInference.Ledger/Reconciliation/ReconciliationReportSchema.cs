using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>Columns of <c>reports/reconciliation/date=YYYY-MM-DD/part-&lt;provider&gt;.parquet</c>, one per <see cref="ReconciliationRow"/> field.</summary>
internal static class ReconciliationReportSchema
{
    // The spend report's money type: DECIMAL(18,12), or DECIMAL(38,12) for a file holding $1,000,000 or more (a day of
    // a large account's cost can), chosen per file by the writer.
    private const int MoneyPrecision = Focus.FocusColumns.MoneyPrecision;
    private const int MoneyScale = Focus.FocusColumns.MoneyScale;
    private const int PercentScale = 6;

    /// <summary>The narrow schema, DECIMAL(18,s); <see cref="Wide"/> when a value does not fit.</summary>
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
        ParquetColumn.Decimal("TokenVariancePercent", MoneyPrecision, PercentScale, nullable: true),
        ParquetColumn.Decimal("CostVariance", MoneyPrecision, MoneyScale),
        ParquetColumn.Decimal("CostVariancePercent", MoneyPrecision, PercentScale, nullable: true),
        ParquetColumn.Boolean("Flagged"),
        ParquetColumn.String("FlagReasons", nullable: true),
        ParquetColumn.Int64("LedgerUnknownOutcomeRequests"),
        ParquetColumn.Decimal("LedgerUnknownOutcomeMaxCost", MoneyPrecision, MoneyScale),
        ParquetColumn.Int64("LedgerUnpricedRequests"),
        ParquetColumn.String("CostSource"),
        ParquetColumn.Decimal("Cost", MoneyPrecision, MoneyScale, nullable: true));

    /// <summary><see cref="Schema"/> with every decimal column at 38 digits.</summary>
    public static ParquetSchema Wide { get; } = Focus.MoneyWidth.Schema(Schema, wide: true);

    /// <summary>Whether a decimal of the row does not fit <see cref="Schema"/>'s column for it.</summary>
    public static bool NeedsWide(ReconciliationRow r) =>
        !(Focus.MoneyWidth.FitsNarrow(r.LedgerCost, MoneyScale)
            && Focus.MoneyWidth.FitsNarrow(r.ProviderCost, MoneyScale)
            && Focus.MoneyWidth.FitsNarrow(r.TokenVariancePercent, PercentScale)
            && Focus.MoneyWidth.FitsNarrow(r.CostVariance, MoneyScale)
            && Focus.MoneyWidth.FitsNarrow(r.CostVariancePercent, PercentScale)
            && Focus.MoneyWidth.FitsNarrow(r.LedgerUnknownOutcomeMaxCost, MoneyScale)
            && Focus.MoneyWidth.FitsNarrow(r.Cost, MoneyScale));
}
