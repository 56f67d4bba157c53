namespace BatchInference.Ledger.Spend;

/// <summary>
/// Daily compaction: turns every ledger entry of one charge date (from all jobs) into one spend report, replacing the
/// per-job files of that date. Pure stream in, stream out; the caller reads the ledger and stores the result.
/// </summary>
public static class SpendReportCompactor
{
    /// <summary>
    /// Writes the entries charged on <paramref name="chargeDate"/> to <paramref name="output"/> as one Parquet report,
    /// rows sorted by (<c>x_JobId</c>, <c>x_Line</c>, <c>x_Attempt</c>) with the ledger line's bytes as the last tie
    /// breaker, so the same entries in any order give the same bytes and compacting again changes nothing.
    /// </summary>
    /// <remarks>Entries are held in memory to be sorted: about 0.5 KB each.</remarks>
    /// <param name="entries">The ledger entries of the date, already filtered by the caller, in any order.</param>
    /// <param name="chargeDate">The date being compacted (see <see cref="SpendReportWriter.ChargeDate"/>).</param>
    /// <param name="output">A writable stream; not disposed.</param>
    /// <param name="cancellationToken">Stops reading and writing; the stream then holds no valid file.</param>
    /// <returns>Number of rows written.</returns>
    /// <exception cref="ArgumentException">An entry is charged on another date: it belongs in another partition.</exception>
    public static async Task<long> CompactAsync(
        IAsyncEnumerable<LedgerEntry> entries, DateOnly chargeDate, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        var rows = new List<LedgerEntry>();
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var date = SpendReportWriter.ChargeDate(entry);
            if (date != chargeDate)
            {
                throw new ArgumentException(
                    $"Ledger entry {entry.JobId}/{entry.CustomId} attempt {entry.Attempt} is charged on {date:yyyy-MM-dd}, not {chargeDate:yyyy-MM-dd}.",
                    nameof(entries));
            }

            rows.Add(entry);
        }

        var keyed = rows.Select(e => (Entry: e, Line: LedgerJson.ToLine(e))).ToList();
        keyed.Sort(static (a, b) =>
        {
            var byJob = string.CompareOrdinal(a.Entry.JobId, b.Entry.JobId);
            if (byJob != 0)
            {
                return byJob;
            }

            var byLine = a.Entry.Line.CompareTo(b.Entry.Line);
            if (byLine != 0)
            {
                return byLine;
            }

            var byAttempt = a.Entry.Attempt.CompareTo(b.Entry.Attempt);
            return byAttempt != 0 ? byAttempt : a.Line.AsSpan().SequenceCompareTo(b.Line);
        });
        return await SpendReportWriter.WriteAsync(
                keyed.Select(k => k.Entry).ToAsyncEnumerable(), output, rows.Exists(SpendReportWriter.NeedsWideMoney), cancellationToken)
            .ConfigureAwait(false);
    }
}
