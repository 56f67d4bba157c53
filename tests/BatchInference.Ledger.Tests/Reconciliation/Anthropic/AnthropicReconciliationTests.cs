using BatchInference.Ledger.Reconciliation;
using BatchInference.Ledger.Reconciliation.Anthropic;
using BatchInference.Ledger.Spend;

namespace BatchInference.Ledger.Tests.Reconciliation.Anthropic;

public sealed class AnthropicReconciliationTests
{
    private static readonly DateOnly Day = new(2026, 4, 2);

    [Fact]
    public async Task ReconcileAsync_EmptyLedgerAndInjectedClaudeDiscrepancy_FlagsTheExactTokenAndCostVariance()
    {
        await using var provider = await EmulatedAnthropic.StartAsync();
        await provider.AddDiscrepancyAsync(Day, "claude-sonnet-4", 100_000, 20_000);
        using var http = new HttpClient();
        var usage = await provider.UsageClient(http).GetDailyUsageAsync(Day);

        var rows = await Reconciler.ReconcileAsync(
            Day, AsyncEnumerable.Empty<LedgerEntry>(), usage, AnthropicReconciliation.WithoutRequestCheck(new ReconciliationThresholds()));

        var row = Assert.Single(rows);
        Assert.Equal(("anthropic", "claude-sonnet-4", "realtime"), (row.Provider, row.Model, row.Tier));
        Assert.True(row.Flagged);
        Assert.Equal("tokens,cost", row.FlagReasons);
        Assert.Equal(120_000, row.TokenVariance);
        Assert.Equal((100_000 * 3m / 1_000_000m) + (20_000 * 15m / 1_000_000m), row.CostVariance);
        Assert.Equal(0, row.RequestVariance);
    }

    [Fact]
    public async Task ReconcileAsync_EmptyLedgerAndCleanProvider_HasNoRows()
    {
        await using var provider = await EmulatedAnthropic.StartAsync();
        await provider.AddDiscrepancyAsync(Day, "gpt-4o-mini", 1000, 1000); // OpenAI's, not Anthropic's
        using var http = new HttpClient();
        var usage = await provider.UsageClient(http).GetDailyUsageAsync(Day);

        var rows = await Reconciler.ReconcileAsync(
            Day, AsyncEnumerable.Empty<LedgerEntry>(), usage, AnthropicReconciliation.WithoutRequestCheck(new ReconciliationThresholds()));

        Assert.Empty(rows);
    }

    [Fact]
    public async Task WithoutRequestCheck_LedgerCountsRequestsTheReportDoesNot_OnlyTokensAndCostCompared()
    {
        var at = new DateTimeOffset(Day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        var entry = new LedgerEntry(
            "job", "c1", 1, 1, "anthropic", "claude-sonnet-4", "realtime", "msg_1", "sku", 1000, 0, 200, 0, 0.006m, 0.006m, "USD", "v1", at, at,
            new Dictionary<string, string>());
        var usage = new ProviderUsage("anthropic", Day, [new ProviderUsageLine("claude-sonnet-4", "realtime", 0, 1000, 0, 200, 0.006m, "USD")]);
        var strict = new ReconciliationThresholds();

        var relaxed = await Reconciler.ReconcileAsync(Day, new[] { entry }.ToAsyncEnumerable(), usage, AnthropicReconciliation.WithoutRequestCheck(strict));
        var unrelaxed = await Reconciler.ReconcileAsync(Day, new[] { entry }.ToAsyncEnumerable(), usage, strict);

        Assert.False(Assert.Single(relaxed).Flagged);
        Assert.Equal(-1, relaxed[0].RequestVariance);
        Assert.Equal("requests", Assert.Single(unrelaxed).FlagReasons);
        Assert.Equal(0, strict.AbsoluteRequests);
    }
}
