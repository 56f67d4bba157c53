using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Spend;

/// <summary>Writes ledger entries as a Parquet spend report (FOCUS 1.2 columns plus <c>x_</c> columns), one row per paid attempt.</summary>
public static class SpendReportWriter
{
    /// <summary>
    /// Rows per row group: a quarter of DuckDB's default (122,880). Parquet.Net holds a row group's values and then
    /// encodes each column whole (dictionary, page, compressed copy: several large arrays per column), which is the
    /// largest memory the finish of a job needs; a quarter of that costs well under 1% of file size.
    /// </summary>
    public const int RowGroupRows = 30_720;

    /// <summary>
    /// Writes <paramref name="entries"/> to <paramref name="output"/> as one Parquet file (Snappy), in the order given,
    /// with narrow money columns, DECIMAL(18,12). Only for entries known to fit (see <see cref="NeedsWideMoney"/>);
    /// otherwise use the overload that takes the file's width.
    /// </summary>
    /// <param name="entries">Ledger entries.</param>
    /// <param name="output">A writable stream; not disposed.</param>
    /// <param name="cancellationToken">Stops reading entries and writing; the stream then holds no valid file.</param>
    /// <returns>Number of rows written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An entry needs the wide money type; nothing is rounded.</exception>
    public static Task<long> WriteAsync(IAsyncEnumerable<LedgerEntry> entries, Stream output, CancellationToken cancellationToken = default) =>
        WriteAsync(entries, output, wideMoney: false, cancellationToken);

    /// <summary>
    /// Writes <paramref name="entries"/> to <paramref name="output"/> as one Parquet file (Snappy), in the order given.
    /// The caller decides the partition (<c>reports/spend/date=YYYY-MM-DD/</c>, see <see cref="ChargeDate"/>) and
    /// publishes the file only after this completes, so a reader never sees half a report.
    /// </summary>
    /// <param name="entries">Ledger entries.</param>
    /// <param name="output">A writable stream; not disposed.</param>
    /// <param name="wideMoney">
    /// Write every decimal column as DECIMAL(38,s) instead of DECIMAL(18,s): true when any entry of the file
    /// <see cref="NeedsWideMoney"/>. Decided before writing because the type of a column is fixed for the whole file.
    /// </param>
    /// <param name="cancellationToken">Stops reading entries and writing; the stream then holds no valid file.</param>
    /// <returns>Number of rows written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An entry needs the wide money type but <paramref name="wideMoney"/> is false; nothing is rounded.</exception>
    public static async Task<long> WriteAsync(
        IAsyncEnumerable<LedgerEntry> entries, Stream output, bool wideMoney, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new ParquetRowWriter(output, wideMoney ? SpendReportSchema.Wide : SpendReportSchema.Schema, RowGroupRows);
        await using var _ = writer.ConfigureAwait(false);
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            SpendReportRow.Write(writer, entry);
            await writer.EndRowAsync(cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return writer.RowCount;
    }

    /// <summary>
    /// Whether the entry's row holds a decimal the narrow money type cannot: an amount of $1,000,000 or more (or 10^18
    /// tokens). A report file holding such an entry is written with <c>wideMoney</c>.
    /// </summary>
    /// <param name="entry">A ledger entry.</param>
    public static bool NeedsWideMoney(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return SpendReportRow.NeedsWideMoney(entry);
    }

    /// <summary>
    /// The UTC date an entry is charged on: the day its answer arrived (<see cref="LedgerEntry.FinishedAt"/>), which is
    /// also the month of its BillingPeriodStart. Spend reports are partitioned by it.
    /// </summary>
    /// <param name="entry">A ledger entry.</param>
    public static DateOnly ChargeDate(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return DateOnly.FromDateTime(entry.FinishedAt.UtcDateTime);
    }
}
