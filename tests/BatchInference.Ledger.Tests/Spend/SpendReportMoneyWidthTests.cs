using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Focus;
using BatchInference.Ledger.Spend;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Spend;

/// <summary>
/// Money is DECIMAL(18,12) (an INT64) unless a file holds an amount of $1,000,000 or more, which makes that whole file
/// DECIMAL(38,12); reports written before the switch are DECIMAL(38,12) throughout, which is exactly the wide schema.
/// Both kinds read together, exactly, in DuckDB and hyparquet.
/// </summary>
public sealed class SpendReportMoneyWidthTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bi-spend-width-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("999999.999999999999", 12, true)]
    [InlineData("-999999.999999999999", 12, true)]
    [InlineData("1000000", 12, false)]
    [InlineData("-1000000", 12, false)]
    [InlineData("999999999999999999", 0, true)]
    [InlineData("1000000000000000000", 0, false)]
    [InlineData("999999999999.999999", 6, true)]
    [InlineData("1000000000000", 6, false)]
    public void FitsNarrow_AtTheLimitOfDecimal18(string value, int scale, bool fits) =>
        Assert.Equal(fits, MoneyWidth.FitsNarrow(decimal.Parse(value, CultureInfo.InvariantCulture), scale));

    [Fact]
    public async Task WriteAsync_AmountsBelowAMillion_NarrowColumnsWithEveryDigit()
    {
        var entries = new[] { Entry("req-1", 999_999.999999999999m), Entry("req-2", 0.000000000001m) };
        var path = await CompactAsync("narrow.parquet", entries);

        var types = await ColumnTypesAsync(path);
        Assert.Equal("DECIMAL(18,12)", types["BilledCost"]);
        Assert.Equal("DECIMAL(18,12)", types["x_Savings"]);
        Assert.Equal("DECIMAL(18,0)", types["ConsumedQuantity"]);
        Assert.Equal(["0.000000000001", "999999.999999999999"], await BilledAsync(path));
    }

    [Fact]
    public async Task WriteAsync_AnAmountOfAMillion_WholeFileWideWithEveryDigit()
    {
        // One entry reaches $1,000,000: DECIMAL(18,12) cannot hold it, so every decimal column of this file is 38 wide.
        var entries = new[] { Entry("req-1", 1_000_000m), Entry("req-2", 0.000000000001m), Entry("req-3", 12_345_678_901_234_567.123456789012m) };
        Assert.Equal(new[] { true, false, true }, entries.Select(SpendReportWriter.NeedsWideMoney));
        var path = await CompactAsync("wide.parquet", entries);

        var types = await ColumnTypesAsync(path);
        Assert.Equal("DECIMAL(38,12)", types["BilledCost"]);
        Assert.Equal("DECIMAL(38,12)", types["ListUnitPrice"]);
        Assert.Equal("DECIMAL(38,0)", types["ConsumedQuantity"]);
        Assert.Equal(["0.000000000001", "1000000.000000000000", "12345678901234567.123456789012"], await BilledAsync(path));
        var hyparquet = await HyparquetQuery.ReadRowsAsync(path);
        Assert.Equal(
            ["0.000000000001", "1000000.000000000000", "12345678901234567.123456789012"],
            hyparquet.Select(r => JsonRows.Text(r, "BilledCost")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_NarrowFileGivenAMillion_ThrowsInsteadOfOverflowing()
    {
        await using var file = File.Create(Path.Combine(_dir, "refused.parquet"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => SpendReportWriter.WriteAsync(new[] { Entry("req-1", 1_000_000m) }.ToAsyncEnumerable(), file, wideMoney: false));
    }

    [Fact]
    public async Task ReadTogether_OldWidePartitionAndNewNarrowOne_ExactSumsInDuckDbAndHyparquet()
    {
        // The partition of the 23rd as the spend report was written before DECIMAL(18,12): all decimals 38 wide.
        var entries = SpendLedgerSamples.Entries(400, days: 3);
        var root = Path.Combine(_dir, "spend");
        var days = entries.GroupBy(SpendReportWriter.ChargeDate).OrderBy(d => d.Key).ToList();
        var paths = new List<string>();
        foreach (var day in days)
        {
            var path = Path.Combine(root, $"date={day.Key:yyyy-MM-dd}", "part-job.parquet");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = File.Create(path))
            {
                await SpendReportWriter.WriteAsync(day.ToAsyncEnumerable(), file, wideMoney: day.Key == days[1].Key);
            }

            paths.Add(path);
        }

        Assert.Equal("DECIMAL(38,12)", (await ColumnTypesAsync(paths[1]))["BilledCost"]);
        Assert.Equal("DECIMAL(18,12)", (await ColumnTypesAsync(paths[0]))["BilledCost"]);
        var glob = DuckDbQuery.Literal(Path.Combine(root, "*", "*.parquet"));
        var sums = await DuckDbQuery.QueryAsync($"""
            SELECT date::VARCHAR AS date, SUM(BilledCost)::VARCHAR AS billed, SUM(x_Savings)::VARCHAR AS savings,
                   SUM(ConsumedQuantity)::VARCHAR AS consumed, typeof(SUM(BilledCost)) AS sum_type
            FROM read_parquet({glob}, hive_partitioning = true, union_by_name = true) GROUP BY date ORDER BY date
            """);
        var total = (await DuckDbQuery.QueryAsync(
            $"SELECT SUM(BilledCost)::VARCHAR AS billed FROM read_parquet({glob}, hive_partitioning = true, union_by_name = true)")).Single();

        Assert.Equal(days.Select(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), sums.Select(s => s.GetProperty("date").GetString()));
        for (var i = 0; i < days.Count; i++)
        {
            Assert.Equal(days[i].Sum(e => e.EffectiveCost), Dec(sums[i], "billed"));
            Assert.Equal(days[i].Sum(e => (e.RealtimeListCost ?? e.ListCost) - e.EffectiveCost), Dec(sums[i], "savings"));
            Assert.Equal(days[i].Sum(e => e.InputTokens + e.OutputTokens), Dec(sums[i], "consumed"));
            Assert.Equal("DECIMAL(38,12)", sums[i].GetProperty("sum_type").GetString());
        }

        Assert.Equal(entries.Sum(e => e.EffectiveCost), Dec(total, "billed"));
        for (var i = 0; i < days.Count; i++)
        {
            var rows = await HyparquetQuery.ReadRowsAsync(paths[i]);
            Assert.Equal(
                days[i].Select(e => e.EffectiveCost.ToString("F12", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
                rows.Select(r => JsonRows.Text(r, "BilledCost")).Order(StringComparer.Ordinal));
        }
    }

    private static LedgerEntry Entry(string customId, decimal cost)
    {
        var start = SpendLedgerSamples.Day;
        return new LedgerEntry(
            "job_big", customId, 1, 1, "openai", "gpt-4o", "realtime", "req_" + customId, "openai/gpt-4o/realtime",
            1000, 0, 100, 0, cost, cost, "USD", "2026-11-22", start, start.AddSeconds(1), new Dictionary<string, string>());
    }

    private async Task<string> CompactAsync(string name, IEnumerable<LedgerEntry> entries)
    {
        var path = Path.Combine(_dir, name);
        await using var file = File.Create(path);
        await SpendReportCompactor.CompactAsync(entries.ToAsyncEnumerable(), DateOnly.FromDateTime(SpendLedgerSamples.Day.UtcDateTime), file);
        return path;
    }

    private static async Task<Dictionary<string, string>> ColumnTypesAsync(string path) =>
        (await DuckDbQuery.QueryAsync($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({DuckDbQuery.Literal(path)}))"))
            .ToDictionary(c => c.GetProperty("column_name").GetString()!, c => c.GetProperty("column_type").GetString()!);

    private static async Task<List<string?>> BilledAsync(string path) =>
        [.. (await DuckDbQuery.QueryAsync($"SELECT BilledCost::VARCHAR AS b FROM read_parquet({DuckDbQuery.Literal(path)}) ORDER BY BilledCost"))
            .Select(r => r.GetProperty("b").GetString())];

    private static decimal Dec(JsonElement row, string name) =>
        decimal.Parse(row.GetProperty(name).GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture);
}
