using System.Globalization;
using BatchInference.Emulator.Usage;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Ledger.Spend;

namespace BatchInference.Ledger.Tests.Reconciliation;

public sealed class ReconcilerTests
{
    [Fact]
    public async Task ReconcileAsync_LedgerFromRealEmulatorCalls_MatchesWithNoFlags()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        await provider.ChatAsync("gpt-4o-mini", "What is the capital of France?");
        await provider.ChatAsync("gpt-4o-mini", "What is the capital of France?"); // cached prompt on the second call
        await provider.ChatAsync("gpt-4o-mini", "Summarize the plot of a long novel in two sentences, please.");
        await provider.ChatAsync("gpt-4.1", "Classify: the invoice is overdue.");
        var date = DateOnly.FromDateTime(provider.Ledger[0].StartedAt.UtcDateTime);
        using var http = new HttpClient();

        var usage = await provider.UsageClient(http).GetDailyUsageAsync(date);
        var rows = await Reconciler.ReconcileAsync(date, provider.Ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds { AbsoluteCost = 0 });

        Assert.Equal(["gpt-4.1", "gpt-4o-mini"], rows.Select(r => r.Model));
        Assert.All(rows, r => Assert.False(r.Flagged, r.FlagReasons));
        var mini = rows[1];
        var miniLedger = provider.Ledger.Where(e => e.Model == "gpt-4o-mini").ToList();
        Assert.Equal(3, mini.LedgerRequests);
        Assert.Equal(3, mini.ProviderRequests);
        Assert.Equal(miniLedger.Sum(e => e.InputTokens), mini.ProviderInputTokens);
        Assert.Equal(miniLedger.Sum(e => e.OutputTokens), mini.ProviderOutputTokens);
        Assert.Equal(miniLedger.Sum(e => e.EffectiveCost), mini.LedgerCost);
        Assert.Equal(mini.LedgerCost, mini.ProviderCost);
        Assert.True(mini.LedgerCost > 0);
        Assert.Equal((0L, 0L, 0m), (mini.RequestVariance, mini.TokenVariance, mini.CostVariance));
        Assert.Equal(0m, mini.TokenVariancePercent);
        Assert.Equal(("openai", "realtime", "USD", date), (mini.Provider, mini.Tier, mini.Currency, mini.Date));
    }

    [Fact]
    public async Task ReconcileAsync_UnpricedLinesTheProviderCharged_RowCostFilledFromItsCostReport()
    {
        // The provider bills a model our catalog does not know (a fine-tune, a model newer than the catalog).
        await using var provider = await EmulatedProvider.StartAsync(new UsagePrice("acme-fine-tune-7b", 0.80m, 0.20m, 3.20m));
        await provider.ChatAsync("acme-fine-tune-7b", "Classify: the invoice is overdue.");
        await provider.ChatAsync("acme-fine-tune-7b", "Classify: the parcel arrived damaged.");
        await provider.ChatAsync("gpt-4o-mini", "What is the capital of France?");
        var date = DateOnly.FromDateTime(provider.Ledger[0].StartedAt.UtcDateTime);
        using var http = new HttpClient();
        var usage = await provider.UsageClient(http).GetDailyUsageAsync(date);

        var rows = await Reconciler.ReconcileAsync(date, provider.Ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds { AbsoluteCost = 0 });

        var unpriced = Assert.Single(rows, r => r.Model == "acme-fine-tune-7b");
        var lines = provider.Ledger.Where(e => e.Unpriced).ToList();
        var charged = lines.Sum(e => (((e.InputTokens - e.CachedInputTokens) * 0.80m) + (e.CachedInputTokens * 0.20m) + (e.OutputTokens * 3.20m)) / 1_000_000m);
        Assert.Equal((2L, 2L, 0m), (unpriced.LedgerUnpricedRequests, unpriced.LedgerRequests, unpriced.LedgerCost));
        Assert.True(charged > 0m);
        Assert.Equal(charged, unpriced.ProviderCost);
        Assert.Equal((CostSources.ProviderReport, (decimal?)charged), (unpriced.CostSource, unpriced.Cost));
        Assert.False(unpriced.Flagged, unpriced.FlagReasons); // requests and tokens agree; the cost has nothing of ours to compare with
        var priced = Assert.Single(rows, r => r.Model == "gpt-4o-mini");
        Assert.Equal((CostSources.Ledger, (decimal?)priced.LedgerCost, 0L), (priced.CostSource, priced.Cost, priced.LedgerUnpricedRequests));
    }

    [Fact]
    public async Task ReconcileAsync_UnpricedLinesTheProviderReportsNoCostFor_CostUnknownNeverInvented()
    {
        await using var provider = await EmulatedProvider.StartAsync(); // the emulator has no price for the model either
        await provider.ChatAsync("acme-fine-tune-7b", "Classify: the invoice is overdue.");
        var date = DateOnly.FromDateTime(provider.Ledger[0].StartedAt.UtcDateTime);
        using var http = new HttpClient();
        var usage = await provider.UsageClient(http).GetDailyUsageAsync(date);

        var row = Assert.Single(await Reconciler.ReconcileAsync(date, provider.Ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds { AbsoluteCost = 0 }));

        Assert.Equal((1L, 1L, 0m), (row.LedgerUnpricedRequests, row.ProviderRequests, row.ProviderCost));
        Assert.Equal((CostSources.Unknown, (decimal?)null), (row.CostSource, row.Cost));
        Assert.False(row.Flagged, row.FlagReasons);
    }

    [Fact]
    public async Task ReconcileAsync_CallWhoseAnswerACrashLost_ExplainedByItsUnknownOutcomeEntry()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        await provider.ChatAsync("gpt-4o-mini", "one");
        await provider.ChatAsync("gpt-4o-mini", "two");
        await provider.ChatAsync("gpt-4o-mini", "three");
        var date = DateOnly.FromDateTime(provider.Ledger[0].StartedAt.UtcDateTime);
        using var http = new HttpClient();
        var usage = await provider.UsageClient(http).GetDailyUsageAsync(date);
        var thresholds = new ReconciliationThresholds { AbsoluteCost = 0, RelativePercent = 0 };

        // The provider billed all three; the ledger knows two answers and that the third call went out unanswered.
        var lost = provider.Ledger[2];
        var unknown = lost with
        {
            ProviderRequestId = null, InputTokens = 0, CachedInputTokens = 0, OutputTokens = 0, ReasoningTokens = 0, ListCost = 0, EffectiveCost = 0,
            Outcome = LedgerEntry.UnknownOutcome, EstimatedMaxCost = lost.EffectiveCost * 3,
        };
        var withUnknown = await Reconciler.ReconcileAsync(date, new[] { provider.Ledger[0], provider.Ledger[1], unknown }.ToAsyncEnumerable(), usage, thresholds);
        var withoutIt = await Reconciler.ReconcileAsync(date, provider.Ledger.Take(2).ToAsyncEnumerable(), usage, thresholds);

        var row = Assert.Single(withUnknown);
        Assert.Equal((2L, 3L, 1L, 1L), (row.LedgerRequests, row.ProviderRequests, row.RequestVariance, row.LedgerUnknownOutcomeRequests));
        Assert.Equal(lost.EffectiveCost, row.CostVariance);
        Assert.Equal(lost.EffectiveCost * 3, row.LedgerUnknownOutcomeMaxCost);
        Assert.False(row.Flagged, row.FlagReasons);
        Assert.Equal("requests,tokens,cost", Assert.Single(withoutIt).FlagReasons); // the same gap, unexplained
    }

    [Fact]
    public async Task ReconcileAsync_InjectedDiscrepancy_FlagsThatModelWithTheExactVariance()
    {
        await using var provider = await EmulatedProvider.StartAsync();
        await provider.ChatAsync("gpt-4o-mini", "one");
        await provider.ChatAsync("gpt-4o-mini", "two");
        await provider.ChatAsync("gpt-4.1", "three");
        var date = DateOnly.FromDateTime(provider.Ledger[0].StartedAt.UtcDateTime);
        await provider.PostAdminAsync(
            "_emulator/usage/discrepancies",
            string.Create(CultureInfo.InvariantCulture, $$"""{"day":"{{date:yyyy-MM-dd}}","model":"gpt-4o-mini","extraRequests":1,"extraInputTokens":2000,"extraOutputTokens":500}"""));
        using var http = new HttpClient();

        var usage = await provider.UsageClient(http).GetDailyUsageAsync(date);
        var rows = await Reconciler.ReconcileAsync(date, provider.Ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds());

        var clean = rows.Single(r => r.Model == "gpt-4.1");
        Assert.False(clean.Flagged);
        var flagged = rows.Single(r => r.Model == "gpt-4o-mini");
        var ledgerTokens = provider.Ledger.Where(e => e.Model == "gpt-4o-mini").Sum(e => e.InputTokens + e.OutputTokens);
        Assert.True(flagged.Flagged);
        Assert.Equal("requests,tokens", flagged.FlagReasons); // the extra cost, $0.0006, is inside the $0.01 tolerance
        Assert.Equal(1, flagged.RequestVariance);
        Assert.Equal(2500, flagged.TokenVariance);
        Assert.Equal(Math.Round(2500m * 100m / ledgerTokens, 6), flagged.TokenVariancePercent);
        Assert.Equal(((2000 * 0.15m) + (500 * 0.60m)) / 1_000_000m, flagged.CostVariance);
    }

    [Fact]
    public async Task ReconcileAsync_VarianceWithinAbsoluteOrRelativeTolerance_IsNotFlagged()
    {
        var date = new DateOnly(2026, 5, 1);
        LedgerEntry[] ledger = [Entry("gpt-4o", date, 1_000, 1.00m)];
        var usage = new ProviderUsage("openai", date, [new ProviderUsageLine("gpt-4o-2024-08-06", "realtime", 1, 1_000, 0, 10, 1.005m, "USD")]);

        var relative = await Reconciler.ReconcileAsync(date, ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds { RelativePercent = 1m });
        var absolute = await Reconciler.ReconcileAsync(
            date, ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds { RelativePercent = 0m, AbsoluteTokens = 10, AbsoluteCost = 0.005m });
        var strict = await Reconciler.ReconcileAsync(
            date, ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds { RelativePercent = 0.4m, AbsoluteCost = 0m });

        Assert.False(Assert.Single(relative).Flagged);
        Assert.False(Assert.Single(absolute).Flagged);
        var row = Assert.Single(strict);
        Assert.Equal("gpt-4o", row.Model);
        Assert.Equal("tokens,cost", row.FlagReasons);
        Assert.Equal(1m, row.TokenVariancePercent);
        Assert.Equal(0.5m, row.CostVariancePercent);
    }

    [Fact]
    public async Task ReconcileAsync_OtherDaysProvidersAndOneSidedModels_FilteredAndReported()
    {
        var date = new DateOnly(2026, 5, 1);
        LedgerEntry[] ledger =
        [
            Entry("gpt-4o", date, 100, 0.5m),
            Entry("gpt-4o", date.AddDays(1), 100, 0.5m),
            Entry("gpt-4o", date, 100, 0.5m) with { Provider = "anthropic" },
            Entry("gpt-4.1-mini", date, 50, 0.2m) with { Tier = "batch" },
        ];
        var usage = new ProviderUsage("openai", date, [
            new ProviderUsageLine("gpt-4o", "realtime", 1, 100, 0, 0, 0.5m, "USD"),
            new ProviderUsageLine("o3", "realtime", 2, 10, 0, 10, 0.3m, "USD"),
        ]);

        var rows = await Reconciler.ReconcileAsync(date, ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds());

        Assert.Equal([("gpt-4.1-mini", "batch"), ("gpt-4o", "realtime"), ("o3", "realtime")], rows.Select(r => (r.Model, r.Tier)));
        Assert.Equal((1L, 0L, -50L, true), (rows[0].LedgerRequests, rows[0].ProviderRequests, rows[0].TokenVariance, rows[0].Flagged));
        Assert.False(rows[1].Flagged);
        Assert.Equal(1, rows[1].LedgerRequests);
        Assert.Null(rows[2].TokenVariancePercent);
        Assert.Equal("requests,tokens,cost", rows[2].FlagReasons);
    }

    [Fact]
    public async Task ReconcileAsync_ModelTheProviderReportsWithoutTiers_ComparedOverAllTiersNotFlagged()
    {
        // OpenAI's embeddings usage cannot group by batch: 2 batch calls and 1 real-time call come back as 3 requests
        // with no tier, while the costs API still names the batch line item.
        var date = new DateOnly(2026, 5, 1);
        LedgerEntry[] ledger =
        [
            Entry("text-embedding-3-small", date, 10, 0.1m) with { Tier = "batch" },
            Entry("text-embedding-3-small", date, 10, 0.1m) with { Tier = "batch" },
            Entry("text-embedding-3-small", date, 10, 0.2m),
            Entry("gpt-4o", date, 100, 0.5m) with { Tier = "batch" },
        ];
        var usage = new ProviderUsage("openai", date, [
            new ProviderUsageLine("text-embedding-3-small", ProviderUsageLine.AllTiers, 3, 30, 0, 0, 0m, "USD"),
            new ProviderUsageLine("text-embedding-3-small", "batch", 0, 0, 0, 0, 0.2m, "USD"),
            new ProviderUsageLine("text-embedding-3-small", "realtime", 0, 0, 0, 0, 0.2m, "USD"),
            new ProviderUsageLine("gpt-4o", "batch", 1, 100, 0, 0, 0.5m, "USD"),
        ]);

        var rows = await Reconciler.ReconcileAsync(date, ledger.ToAsyncEnumerable(), usage, new ReconciliationThresholds());

        Assert.Equal([("gpt-4o", "batch"), ("text-embedding-3-small", ProviderUsageLine.AllTiers)], rows.Select(r => (r.Model, r.Tier)));
        Assert.All(rows, r => Assert.False(r.Flagged, r.FlagReasons));
        Assert.Equal((3L, 3L, 0.4m, 0.4m), (rows[1].LedgerRequests, rows[1].ProviderRequests, rows[1].LedgerCost, rows[1].ProviderCost));
    }

    [Fact]
    public async Task ReconcileAsync_ReportForAnotherDay_Throws()
    {
        var usage = new ProviderUsage("openai", new DateOnly(2026, 5, 2), []);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Reconciler.ReconcileAsync(new DateOnly(2026, 5, 1), AsyncEnumerable.Empty<LedgerEntry>(), usage, new ReconciliationThresholds()));
    }

    internal static LedgerEntry Entry(string model, DateOnly date, long inputTokens, decimal cost)
    {
        var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        return new LedgerEntry(
            "job", "c", 1, 1, "openai", model, "realtime", "req", "openai/" + model + "/realtime",
            inputTokens, 0, 0, 0, cost, cost, "USD", "v", at, at, new Dictionary<string, string>());
    }
}
