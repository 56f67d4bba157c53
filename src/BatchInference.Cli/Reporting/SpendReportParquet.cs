using BatchInference.Ledger.Columnar;
using BatchInference.Ledger.Focus;

namespace BatchInference.Cli.Reporting;

/// <summary>
/// Writes a spend report as one Parquet file: the dimension columns as strings (an untagged group's tag is null), the
/// counts as INT64 (<c>unpriced_requests</c> last), money as DECIMAL(18,12) like the FOCUS spend report and
/// <c>savings_percent</c> as DECIMAL(18,4); a file with a group of $1,000,000 or more has every decimal column at 38
/// digits instead, so no sum is ever rounded or cut (see <see cref="MoneyWidth"/>). One row per group, no total row.
/// </summary>
internal static class SpendReportParquet
{
    /// <summary>Digits of a money column (the FOCUS spend report's): 6 before the point, 12 after; 38 in a wide file.</summary>
    public const int MoneyPrecision = MoneyWidth.NarrowPrecision;

    /// <summary>Decimals of a money column.</summary>
    public const int MoneyScale = 12;

    /// <summary>Decimals of <c>savings_percent</c>.</summary>
    public const int PercentScale = 4;

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/> (not disposed).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A sum has more than 12 decimal places (never rounded).</exception>
    public static async Task WriteAsync(SpendReport report, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var wide = report.Groups.Any(g => !FitsNarrow(g.Totals));
        var writer = new ParquetRowWriter(output, MoneyWidth.Schema(Schema(report.Query), wide));
        await using var _ = writer.ConfigureAwait(false);
        foreach (var group in report.Groups)
        {
            var c = 0;
            foreach (var value in group.Key.Values)
            {
                writer.WriteString(c++, value);
            }

            var t = group.Totals;
            writer.WriteInt64(c++, t.Requests);
            writer.WriteInt64(c++, t.InputTokens);
            writer.WriteInt64(c++, t.CachedInputTokens);
            writer.WriteInt64(c++, t.OutputTokens);
            writer.WriteDecimal(c++, t.EffectiveCost);
            writer.WriteDecimal(c++, t.RealtimeListCost);
            writer.WriteDecimal(c++, t.Savings);
            writer.WriteDecimal(c++, t.SavingsPercent);
            writer.WriteInt64(c++, t.UnpricedRequests);
            writer.WriteDecimal(c++, t.PromptCacheSavings);
            writer.WriteInt64(c++, t.ResultCacheHits);
            writer.WriteDecimal(c, t.AvoidedCost);
            await writer.EndRowAsync(cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static bool FitsNarrow(SpendTotals t) =>
        MoneyWidth.FitsNarrow(t.EffectiveCost, MoneyScale)
        && MoneyWidth.FitsNarrow(t.RealtimeListCost, MoneyScale)
        && MoneyWidth.FitsNarrow(t.Savings, MoneyScale)
        && MoneyWidth.FitsNarrow(t.SavingsPercent, PercentScale)
        && MoneyWidth.FitsNarrow(t.PromptCacheSavings, MoneyScale)
        && MoneyWidth.FitsNarrow(t.AvoidedCost, MoneyScale);

    private static ParquetSchema Schema(SpendQuery query)
    {
        var columns = query.Dimensions
            .Select(d => ParquetColumn.String(SpendColumns.Name(d, query.TagKey), nullable: d == SpendDimension.Tag))
            .ToList();
        var names = SpendColumns.Metrics;
        columns.Add(ParquetColumn.Int64(names[0]));
        columns.Add(ParquetColumn.Int64(names[1]));
        columns.Add(ParquetColumn.Int64(names[2]));
        columns.Add(ParquetColumn.Int64(names[3]));
        columns.Add(ParquetColumn.Decimal(names[4], MoneyPrecision, MoneyScale));
        columns.Add(ParquetColumn.Decimal(names[5], MoneyPrecision, MoneyScale));
        columns.Add(ParquetColumn.Decimal(names[6], MoneyPrecision, MoneyScale));
        columns.Add(ParquetColumn.Decimal(names[7], MoneyPrecision, PercentScale, nullable: true));
        columns.Add(ParquetColumn.Int64(names[8]));
        columns.Add(ParquetColumn.Decimal(names[9], MoneyPrecision, MoneyScale));
        columns.Add(ParquetColumn.Int64(names[10]));
        columns.Add(ParquetColumn.Decimal(names[11], MoneyPrecision, MoneyScale));
        return new ParquetSchema(columns);
    }
}
