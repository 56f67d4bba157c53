using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Spend;

public sealed class SpendReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bi-spend-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WriteAsync_LedgerEntries_DuckDbReadsDeclaredTypesAndSumsEqualLedgerExactly()
    {
        var entries = Entries(1_234);
        var path = Path.Combine(_dir, "part-job.parquet");
        await using (var file = File.Create(path))
        {
            Assert.Equal(1_234, await SpendReportWriter.WriteAsync(entries.ToAsyncEnumerable(), file));
        }

        var f = DuckDbQuery.Literal(path);
        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT list(column_name || ' ' || column_type) FROM (DESCRIBE SELECT * FROM read_parquet({{f}}))) AS columns,
              (SELECT {billed: SUM(BilledCost)::VARCHAR, list: SUM(ListCost)::VARCHAR, savings: SUM(x_Savings)::VARCHAR,
                       input: SUM(x_InputTokens)::VARCHAR, rows: COUNT(*)::VARCHAR, jobs: COUNT(DISTINCT x_JobId)::VARCHAR}
                 FROM read_parquet({{f}})) AS sums,
              (SELECT list({id: x_CustomId, billed: BilledCost::VARCHAR, sku: SkuId, tags: Tags, req: x_ProviderRequestId,
                            start: strftime(ChargePeriodStart AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f'),
                            period: strftime(BillingPeriodStart AT TIME ZONE 'UTC', '%Y-%m-%d')} ORDER BY x_Line)
                 FROM read_parquet({{f}})) AS rows
            """)).Single();

        var columns = result.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("BilledCost DECIMAL(18,12)", columns);
        Assert.Contains("ChargePeriodStart TIMESTAMP WITH TIME ZONE", columns);
        Assert.Contains("ConsumedQuantity DECIMAL(18,0)", columns);
        Assert.Contains("x_InputTokens BIGINT", columns);
        Assert.Contains("x_Attempt INTEGER", columns);
        Assert.Contains("ServiceCategory VARCHAR", columns);

        var sums = result.GetProperty("sums");
        Assert.Equal(entries.Sum(e => e.EffectiveCost), decimal.Parse(sums.GetProperty("billed").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(entries.Sum(e => e.ListCost), decimal.Parse(sums.GetProperty("list").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(
            entries.Sum(e => e.ListCost - e.EffectiveCost),
            decimal.Parse(sums.GetProperty("savings").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(entries.Sum(e => e.InputTokens).ToString(CultureInfo.InvariantCulture), sums.GetProperty("input").GetString());
        Assert.Equal("2", sums.GetProperty("jobs").GetString());

        var rows = result.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(entries.Count, rows.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            Assert.Equal(e.CustomId, rows[i].GetProperty("id").GetString());
            Assert.Equal(e.EffectiveCost, decimal.Parse(rows[i].GetProperty("billed").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(e.SkuId, rows[i].GetProperty("sku").GetString());
            Assert.Equal(e.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture), rows[i].GetProperty("start").GetString());
            Assert.Equal("2026-11-01", rows[i].GetProperty("period").GetString());
            Assert.Equal(e.ProviderRequestId, rows[i].GetProperty("req").GetString());
            using var tags = JsonDocument.Parse(rows[i].GetProperty("tags").GetString()!);
            Assert.Equal("search", tags.RootElement.GetProperty("team").GetString());
        }
    }

    [Fact]
    public async Task WriteAsync_NoEntries_WritesAValidEmptyReport()
    {
        var path = Path.Combine(_dir, "empty.parquet");
        await using (var file = File.Create(path))
        {
            Assert.Equal(0, await SpendReportWriter.WriteAsync(Array.Empty<LedgerEntry>().ToAsyncEnumerable(), file));
        }

        var result = (await DuckDbQuery.QueryAsync($"SELECT COUNT(*)::VARCHAR AS n FROM read_parquet({DuckDbQuery.Literal(path)})")).Single();
        Assert.Equal("0", result.GetProperty("n").GetString());
    }

    private static List<LedgerEntry> Entries(int count)
    {
        var catalog = PriceCatalog.BuiltIn();
        var models = new[] { ("gpt-4.1-mini", "realtime"), ("gpt-4o-mini", "batch"), ("text-embedding-3-small", "realtime") };
        var start = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
        var list = new List<LedgerEntry>();
        for (var i = 0; i < count; i++)
        {
            var (model, tier) = models[i % models.Length];
            Assert.True(catalog.TryGetPrice("openai", model, tier, out var price));
            Assert.True(catalog.TryGetPrice("openai", model, "realtime", out var listPrice));
            var tokens = new TokenCounts(100 + (i * 37 % 3000), i % 4 == 0 ? 1024 : 0, model.StartsWith("text-", StringComparison.Ordinal) ? 0 : 10 + (i % 300), 0);
            list.Add(new LedgerEntry(
                i < count / 2 ? "job_a" : "job_b", $"req-{i:D5}", i + 1, 1, "openai", model, tier,
                i % 10 == 0 ? null : $"req_{i}", price.SkuId, tokens.Input, tokens.CachedInput, tokens.Output, tokens.Reasoning,
                CostCalculator.Cost(listPrice, tokens), CostCalculator.Cost(price, tokens), "USD", catalog.Version,
                start.AddMilliseconds(i * 17.123), start.AddMilliseconds((i * 17.123) + 250), new Dictionary<string, string> { ["team"] = "search" }));
        }

        return list;
    }
}
