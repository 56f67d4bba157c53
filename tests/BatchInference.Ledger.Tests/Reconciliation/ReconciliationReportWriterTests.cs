using System.Globalization;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Reconciliation;

public sealed class ReconciliationReportWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bi-reconcile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void PartitionPath_DateAndProvider_FollowsTheStorageLayout() =>
        Assert.Equal(
            "reports/reconciliation/date=2026-04-01/part-openai.parquet",
            ReconciliationReportWriter.PartitionPath(new DateOnly(2026, 4, 1), "openai"));

    [Theory]
    [InlineData("999999.999999999999", "DECIMAL(18,12)")]
    [InlineData("2500000.000000000001", "DECIMAL(38,12)")]
    public async Task WriteAsync_DayOfAMillionOrMore_FileFallsBackToWideMoneyWithEveryDigit(string ledgerCost, string moneyType)
    {
        var cost = decimal.Parse(ledgerCost, CultureInfo.InvariantCulture);
        var day = new DateOnly(2026, 4, 1);
        ReconciliationRow[] rows =
        [
            new(day, "openai", "gpt-4.1", "realtime", "USD", 10, 10, 5, 5, 7, 7, cost, cost, 0, 0, 0m, 0m, 0m, false, null) { Cost = cost },
            new(day, "openai", "gpt-4o-mini", "batch", "USD", 1, 1, 1, 1, 1, 1, 0.000000000001m, 0m, 0, 0, 0m, 0.000000000001m, null, false, null) { Cost = 0.000000000001m },
        ];
        var path = Path.Combine(_dir, "money.parquet");
        await using (var file = File.Create(path))
        {
            await ReconciliationReportWriter.WriteAsync(rows, file);
        }

        var read = await DuckDbQuery.QueryAsync($"""
            SELECT LedgerCost::VARCHAR AS ledger, Cost::VARCHAR AS cost, typeof(LedgerCost) AS money, typeof(CostVariancePercent) AS percent
            FROM read_parquet({DuckDbQuery.Literal(path)}) ORDER BY LedgerCost
            """);

        Assert.Equal(
            [("0.000000000001", "0.000000000001"), (cost.ToString("F12", CultureInfo.InvariantCulture), cost.ToString("F12", CultureInfo.InvariantCulture))],
            read.Select(r => (r.GetProperty("ledger").GetString(), r.GetProperty("cost").GetString())));
        Assert.All(read, r => Assert.Equal(moneyType, r.GetProperty("money").GetString()));
        Assert.All(read, r => Assert.Equal(moneyType.Replace(",12)", ",6)", StringComparison.Ordinal), r.GetProperty("percent").GetString()));
    }

    [Fact]
    public async Task WriteAsync_ReconciledEmulatorDay_DuckDbReadsRowsAndReplayGivesIdenticalBytes()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        await provider.ChatAsync("gpt-4o-mini", "alpha");
        await provider.ChatAsync("gpt-4.1", "beta");
        var date = DateOnly.FromDateTime(provider.Ledger[0].StartedAt.UtcDateTime);
        await provider.PostAdminAsync("_emulator/usage/discrepancies", string.Create(
            CultureInfo.InvariantCulture, $$"""{"day":"{{date:yyyy-MM-dd}}","model":"gpt-4.1","extraRequests":3,"extraInputTokens":0,"extraOutputTokens":0}"""));
        using var http = new HttpClient();

        var first = await ReconcileToBytesAsync(provider, http, date);
        var replay = await ReconcileToBytesAsync(provider, http, date);

        Assert.Equal(first, replay);
        var path = Path.Combine(_dir, ReconciliationReportWriter.PartitionPath(date, "openai"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, first);
        var f = DuckDbQuery.Literal(Path.Combine(_dir, "reports", "reconciliation", "*", "*.parquet"));
        var rows = await DuckDbQuery.QueryAsync($"""
            SELECT Model, Tier, Provider, Currency, LedgerRequests::VARCHAR AS ledger, ProviderRequests::VARCHAR AS provider,
                   RequestVariance::VARCHAR AS variance, LedgerCost::VARCHAR AS cost, ProviderCost::VARCHAR AS provider_cost,
                   Flagged, FlagReasons, strftime(PeriodStart AT TIME ZONE 'UTC', '%Y-%m-%d') AS day, "date"::VARCHAR AS partition
            FROM read_parquet({f}, hive_partitioning = true) ORDER BY Model
            """);

        Assert.Equal(2, rows.Count);
        var gpt41 = rows[0];
        Assert.Equal("gpt-4.1", gpt41.GetProperty("Model").GetString());
        Assert.Equal(("1", "4", "3"), (gpt41.GetProperty("ledger").GetString(), gpt41.GetProperty("provider").GetString(), gpt41.GetProperty("variance").GetString()));
        Assert.True(gpt41.GetProperty("Flagged").GetBoolean());
        Assert.Equal("requests", gpt41.GetProperty("FlagReasons").GetString());
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), gpt41.GetProperty("day").GetString());
        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), gpt41.GetProperty("partition").GetString());
        var mini = rows[1];
        Assert.False(mini.GetProperty("Flagged").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, mini.GetProperty("FlagReasons").ValueKind);
        var miniCost = provider.Ledger.Single(e => e.Model == "gpt-4o-mini").EffectiveCost;
        Assert.Equal(miniCost, decimal.Parse(mini.GetProperty("cost").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(miniCost, decimal.Parse(mini.GetProperty("provider_cost").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(("openai", "realtime", "USD"), (mini.GetProperty("Provider").GetString(), mini.GetProperty("Tier").GetString(), mini.GetProperty("Currency").GetString()));
    }

    [Fact]
    public async Task WriteAsync_RowsInAnyOrder_WritesTheSameBytes()
    {
        var date = new DateOnly(2026, 5, 1);
        ReconciliationRow[] rows =
        [
            new(date, "openai", "b", "realtime", "USD", 1, 1, 10, 10, 5, 5, 0.1m, 0.1m, 0, 0, 0m, 0m, 0m, false, null),
            new(date, "openai", "a", "batch", "USD", 0, 2, 0, 10, 0, 5, 0m, 0.2m, 2, 15, null, 0.2m, null, true, "requests,tokens,cost"),
        ];
        using var forward = new MemoryStream();
        using var backward = new MemoryStream();

        Assert.Equal(2, await ReconciliationReportWriter.WriteAsync(rows, forward));
        await ReconciliationReportWriter.WriteAsync(rows.Reverse(), backward);

        Assert.Equal(forward.ToArray(), backward.ToArray());
    }

    private static async Task<byte[]> ReconcileToBytesAsync(EmulatedProvider provider, HttpClient http, DateOnly date)
    {
        var usage = await provider.UsageClient(http).GetDailyUsageAsync(date);
        var rows = await Reconciler.ReconcileAsync(date, provider.Ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds());
        using var output = new MemoryStream();
        await ReconciliationReportWriter.WriteAsync(rows, output);
        return output.ToArray();
    }
}
