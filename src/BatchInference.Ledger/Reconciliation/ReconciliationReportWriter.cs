using System.Globalization;
using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// Writes reconciliation rows as Parquet. Deterministic: the same rows give the same bytes, so replaying a
/// reconciliation and re-uploading its file changes nothing. Money is DECIMAL(18,12), or DECIMAL(38,12) in a file
/// holding an amount of $1,000,000 or more (see <see cref="Focus.MoneyWidth"/>).
/// </summary>
public static class ReconciliationReportWriter
{
    /// <summary>Blob path of one provider's report for one day: <c>reports/reconciliation/date=YYYY-MM-DD/part-&lt;provider&gt;.parquet</c>.</summary>
    public static string PartitionPath(DateOnly date, string provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        return string.Create(CultureInfo.InvariantCulture, $"reports/reconciliation/date={date:yyyy-MM-dd}/part-{provider}.parquet");
    }

    /// <summary>
    /// Writes <paramref name="rows"/> to <paramref name="output"/>, sorted by date, provider, model and tier. The
    /// caller uploads the stream to <see cref="PartitionPath"/> once this completes.
    /// </summary>
    /// <returns>Number of rows written.</returns>
    public static async Task<long> WriteAsync(IEnumerable<ReconciliationRow> rows, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var ordered = rows
            .OrderBy(r => r.Date)
            .ThenBy(r => r.Provider, StringComparer.Ordinal)
            .ThenBy(r => r.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Tier, StringComparer.Ordinal)
            .ToList();

        // The money width is decided per file, from every row, before the first is written.
        var schema = ordered.Exists(ReconciliationReportSchema.NeedsWide) ? ReconciliationReportSchema.Wide : ReconciliationReportSchema.Schema;
        var writer = new ParquetRowWriter(output, schema);
        await using var _ = writer.ConfigureAwait(false);
        foreach (var row in ordered)
        {
            WriteRow(writer, row);
            await writer.EndRowAsync(cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return writer.RowCount;
    }

    private static void WriteRow(ParquetRowWriter writer, ReconciliationRow r)
    {
        var start = new DateTimeOffset(r.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var c = 0;
        writer.WriteTimestamp(c++, start);
        writer.WriteTimestamp(c++, start.AddDays(1));
        writer.WriteString(c++, r.Provider);
        writer.WriteString(c++, r.Model);
        writer.WriteString(c++, r.Tier);
        writer.WriteString(c++, r.Currency);
        writer.WriteInt64(c++, r.LedgerRequests);
        writer.WriteInt64(c++, r.ProviderRequests);
        writer.WriteInt64(c++, r.LedgerInputTokens);
        writer.WriteInt64(c++, r.ProviderInputTokens);
        writer.WriteInt64(c++, r.LedgerOutputTokens);
        writer.WriteInt64(c++, r.ProviderOutputTokens);
        writer.WriteDecimal(c++, r.LedgerCost);
        writer.WriteDecimal(c++, r.ProviderCost);
        writer.WriteInt64(c++, r.RequestVariance);
        writer.WriteInt64(c++, r.TokenVariance);
        writer.WriteDecimal(c++, r.TokenVariancePercent);
        writer.WriteDecimal(c++, r.CostVariance);
        writer.WriteDecimal(c++, r.CostVariancePercent);
        writer.WriteBoolean(c++, r.Flagged);
        writer.WriteString(c++, r.FlagReasons);
        writer.WriteInt64(c++, r.LedgerUnknownOutcomeRequests);
        writer.WriteDecimal(c++, r.LedgerUnknownOutcomeMaxCost);
        writer.WriteInt64(c++, r.LedgerUnpricedRequests);
        writer.WriteString(c++, r.CostSource);
        writer.WriteDecimal(c, r.Cost);
    }
}
