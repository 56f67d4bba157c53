using BatchInference.Ledger.Columnar;
using BatchInference.Ledger.Focus;
using BatchInference.Ledger.Spend;

namespace BatchInference.Bench.Parquet;

/// <summary>
/// The FOCUS-like schema of the benchmark (the spend report's column types: DECIMAL(18,12) money, or DECIMAL(38,12) as
/// a file holding $1,000,000 or more has it; UTC timestamps, dictionary-hinted strings) and the loop that writes
/// <see cref="SpendRow"/>s with it.
/// </summary>
internal static class SpendParquetFile
{
    public static ParquetSchema Schema { get; } = new(
        ParquetColumn.TimestampUtc("ChargePeriodStart"),
        ParquetColumn.TimestampUtc("ChargePeriodEnd"),
        ParquetColumn.String("ProviderName"),
        ParquetColumn.String("x_Model"),
        ParquetColumn.String("x_Tier"),
        ParquetColumn.String("RegionId", nullable: true),
        ParquetColumn.String("x_CustomId", dictionary: false), // unique per row
        ParquetColumn.String("x_JobId"),
        ParquetColumn.Int64("x_InputTokens"),
        ParquetColumn.Int64("x_OutputTokens"),
        ParquetColumn.Decimal("BilledCost", FocusColumns.MoneyPrecision, FocusColumns.MoneyScale),
        ParquetColumn.Decimal("EffectiveCost", FocusColumns.MoneyPrecision, FocusColumns.MoneyScale),
        ParquetColumn.Decimal("ListCost", FocusColumns.MoneyPrecision, FocusColumns.MoneyScale),
        ParquetColumn.String("BillingCurrency"),
        ParquetColumn.Int32("x_Attempt"),
        ParquetColumn.String("Tags", nullable: true));

    public static async Task WriteAsync(Stream output, IReadOnlyList<SpendRow> rows, bool wideMoney, CancellationToken cancellationToken)
    {
        var writer = new ParquetRowWriter(output, MoneyWidth.Schema(Schema, wideMoney), rowGroupMaxRows: SpendReportWriter.RowGroupRows); // as the spend report
        await using var _ = writer;
        foreach (var row in rows)
        {
            writer.WriteTimestamp(0, row.ChargePeriodStart);
            writer.WriteTimestamp(1, row.ChargePeriodEnd);
            writer.WriteString(2, row.ProviderName);
            writer.WriteString(3, row.Model);
            writer.WriteString(4, row.Tier);
            writer.WriteString(5, row.RegionId);
            writer.WriteString(6, row.CustomId);
            writer.WriteString(7, row.JobId);
            writer.WriteInt64(8, row.InputTokens);
            writer.WriteInt64(9, row.OutputTokens);
            writer.WriteDecimal(10, row.BilledCost);
            writer.WriteDecimal(11, row.EffectiveCost);
            writer.WriteDecimal(12, row.ListCost);
            writer.WriteString(13, row.BillingCurrency);
            writer.WriteInt32(14, row.Attempt);
            writer.WriteString(15, row.Tags);
            await writer.EndRowAsync(cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }
}
