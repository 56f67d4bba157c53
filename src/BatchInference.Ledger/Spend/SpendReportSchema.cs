using BatchInference.Ledger.Focus;
using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Spend;

/// <summary>
/// Columns of the spend report: every FOCUS 1.2 column in <see cref="FocusColumns.All"/>, then <c>x_</c> columns for what
/// FOCUS has no column for (job, request, tier, token kinds, savings against real time, the catalog entry a
/// snapshot was priced as, whether the attempt had no price, result-cache hits and what they avoided, prompt-cache
/// savings), as the spec's column-handling
/// attribute asks ("custom columns SHOULD be listed after all FOCUS columns").
/// </summary>
internal static class SpendReportSchema
{
    /// <summary>Custom columns, in file order after the FOCUS ones.</summary>
    public static IReadOnlyList<ParquetColumn> CustomColumns { get; } =
    [
        ParquetColumn.String("x_JobId"),
        ParquetColumn.String("x_CustomId", dictionary: false), // unique per row: a dictionary only costs
        ParquetColumn.Int64("x_Line"),
        ParquetColumn.Int32("x_Attempt"),
        ParquetColumn.String("x_Provider"),
        ParquetColumn.String("x_Model"),
        ParquetColumn.String("x_Tier"),
        ParquetColumn.String("x_ProviderRequestId", nullable: true, dictionary: false),
        ParquetColumn.Int64("x_InputTokens"),
        ParquetColumn.Int64("x_CachedInputTokens"),
        ParquetColumn.Int64("x_CacheWriteTokens"),
        ParquetColumn.Int64("x_OutputTokens"),
        ParquetColumn.Int64("x_ReasoningTokens"),
        ParquetColumn.Decimal("x_ListCostRealtime", FocusColumns.MoneyPrecision, FocusColumns.MoneyScale),
        ParquetColumn.Decimal("x_Savings", FocusColumns.MoneyPrecision, FocusColumns.MoneyScale),
        ParquetColumn.String("x_PriceVersion"),
        ParquetColumn.String("x_PricedAs", nullable: true),
        ParquetColumn.Boolean("x_Unpriced"),
        ParquetColumn.Boolean("x_ResultCacheHit"),
        ParquetColumn.Decimal("x_AvoidedCost", FocusColumns.MoneyPrecision, FocusColumns.MoneyScale),
        ParquetColumn.Decimal("x_PromptCacheSavings", FocusColumns.MoneyPrecision, FocusColumns.MoneyScale),
    ];

    /// <summary>The report's schema: FOCUS columns, then <see cref="CustomColumns"/>; narrow money, DECIMAL(18,12).</summary>
    public static ParquetSchema Schema { get; } = new([.. FocusColumns.All, .. CustomColumns]);

    /// <summary><see cref="Schema"/> with wide money, DECIMAL(38,12), for a file holding $1,000,000 or more (see <see cref="MoneyWidth"/>).</summary>
    public static ParquetSchema Wide { get; } = MoneyWidth.Schema(Schema, wide: true);
}
