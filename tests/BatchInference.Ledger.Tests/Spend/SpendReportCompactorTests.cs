using BatchInference.Ledger.Spend;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Spend;

public sealed class SpendReportCompactorTests : IDisposable
{
    private static readonly DateOnly Date = DateOnly.FromDateTime(SpendLedgerSamples.Day.UtcDateTime);
    private readonly string _dir = Directory.CreateTempSubdirectory("bi-compact-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CompactAsync_SameEntriesInAnyOrder_WritesSameBytesSortedByJobLineAttempt()
    {
        var entries = SpendLedgerSamples.Entries(500, jobs: 3);
        entries.Add(entries[10] with { Attempt = 2, ProviderRequestId = "req_retry" });
        var shuffled = entries.OrderBy(e => e.CustomId.GetHashCode(StringComparison.Ordinal)).Reverse().ToList();

        var first = await CompactAsync(entries);
        var second = await CompactAsync(shuffled);

        Assert.Equal(first, second);
        var path = Path.Combine(_dir, "compacted.parquet");
        await File.WriteAllBytesAsync(path, first);
        var order = (await DuckDbQuery.QueryAsync(
            $"SELECT x_JobId AS job, x_Line AS line, x_Attempt AS attempt FROM read_parquet({DuckDbQuery.Literal(path)})"))
            .Select(r => (r.GetProperty("job").GetString()!, long.Parse(r.GetProperty("line").GetString()!, System.Globalization.CultureInfo.InvariantCulture), r.GetProperty("attempt").GetInt32()))
            .ToList();
        Assert.Equal(entries.Count, order.Count);
        Assert.Equal(order.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2).ThenBy(k => k.Item3), order);
    }

    [Fact]
    public async Task CompactAsync_PerJobReportsOfADay_CompactedRowsEqualUncompactedRows()
    {
        var entries = SpendLedgerSamples.Entries(400, jobs: 4);
        foreach (var job in entries.GroupBy(e => e.JobId))
        {
            await SpendLedgerSamples.WriteAsync(Path.Combine(_dir, "jobs", $"part-{job.Key}.parquet"), job);
        }

        var compacted = Path.Combine(_dir, "compacted.parquet");
        await File.WriteAllBytesAsync(compacted, await CompactAsync(entries));

        var jobs = DuckDbQuery.Literal(Path.Combine(_dir, "jobs", "*.parquet"));
        var one = DuckDbQuery.Literal(compacted);
        var diff = (await DuckDbQuery.QueryAsync($"""
            SELECT (SELECT COUNT(*) FROM (SELECT * FROM read_parquet({jobs}) EXCEPT ALL SELECT * FROM read_parquet({one})))::VARCHAR AS missing,
                   (SELECT COUNT(*) FROM (SELECT * FROM read_parquet({one}) EXCEPT ALL SELECT * FROM read_parquet({jobs})))::VARCHAR AS extra,
                   (SELECT COUNT(*) FROM read_parquet({one}))::VARCHAR AS n,
                   (SELECT SUM(BilledCost)::VARCHAR FROM read_parquet({one})) AS billed
            """)).Single();

        Assert.Equal("0", diff.GetProperty("missing").GetString());
        Assert.Equal("0", diff.GetProperty("extra").GetString());
        Assert.Equal("400", diff.GetProperty("n").GetString());
        Assert.Equal(entries.Sum(e => e.EffectiveCost), decimal.Parse(diff.GetProperty("billed").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CompactAsync_EntryOfAnotherDate_ThrowsNamingTheEntry()
    {
        var entries = SpendLedgerSamples.Entries(5);
        entries[3] = entries[3] with { FinishedAt = entries[3].FinishedAt.AddDays(1) };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => CompactAsync(entries));

        Assert.Contains(entries[3].CustomId, error.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> CompactAsync(IEnumerable<LedgerEntry> entries)
    {
        using var output = new MemoryStream();
        await SpendReportCompactor.CompactAsync(entries.ToAsyncEnumerable(), Date, output);
        return output.ToArray();
    }
}
