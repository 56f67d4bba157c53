using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>
/// The scenarios, end to end on the emulator with its compressed clock: the planner's tier choice, the batch
/// watcher's hedge, expiry, flex storms, a spot endpoint killed mid-job, and a crash between "batch created" and
/// "state saved". Every scenario checks that each line is answered once and that nothing was paid twice: the ledger
/// has one line per billable call the emulators logged.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class TierScenarioTests(AzuriteFixture azurite)
{
    private const int Lines = 120; // two shards of 60

    [Fact]
    public async Task LooseDeadline_EverythingGoesToBatch_AtHalfTheRealtimeCost()
    {
        using var telemetry = new Telemetry.TelemetryCapture();
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s"}""");

        var cost = telemetry.MeasurementsOf(jobId, "bi.cost");
        Assert.Equal((double)summary.Cost.EffectiveUsd, cost.Sum(m => m.Value), 9);
        Assert.All(cost, m => Assert.Equal(("batch", "openai"), (m.Tag("tier"), m.Tag("provider"))));

        AssertComplete(summary);
        Assert.All(await tiers.ShardsAsync(jobId, 2), s =>
        {
            Assert.Equal((Tiers.Batch, (string?)null), (s.Tier, s.TierChange));
            Assert.Equal((ShardBatchPhase.Collected, 1), (s.Batch!.Phase, s.Batch.Attempt)); // submitted once
        });
        Assert.Equal(new Dictionary<string, int> { ["batch"] = Lines }, tiers.BillableByTier());
        Assert.Equal(Lines, summary.Tiers["batch"]);
        Assert.Equal(0.5m, decimal.Round(summary.Cost.EffectiveUsd / summary.Cost.ListUsd, 3));
        Assert.All(await tiers.ShardsAsync(jobId, 2), s => Assert.Equal((Tiers.Batch, (string?)null), (s.Tier, s.TierChange)));
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task CallsOfAMillionDollars_SpendReportFallsBackToDecimal38_WithEveryDigit()
    {
        // DECIMAL(18,12) stops below $1,000,000: the merge notes the charge date, and the publisher writes that day's
        // report with every decimal column 38 wide instead of failing or cutting the cost.
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(TierHarness.Input(3, TierCatalogs.MillionDollarModel), """{"completion_window":"60s"}""");

        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal(3L, summary.Counts.Succeeded);
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.All(ledger, e => Assert.True(e.EffectiveCost >= 1_000_000m, $"{e.EffectiveCost}"));
        var files = await tiers.Engine.DownloadSpendReportsAsync(jobId);
        var rows = await DuckDbQuery.QueryAsync($"""
            SELECT BilledCost::VARCHAR AS billed, typeof(BilledCost) AS money
            FROM read_parquet([{string.Join(", ", files.Select(DuckDbQuery.Literal))}], union_by_name = true) ORDER BY BilledCost
            """);
        Assert.Equal(
            ledger.Select(e => e.EffectiveCost).Order().Select(c => c.ToString("F12", System.Globalization.CultureInfo.InvariantCulture)),
            rows.Select(r => r.GetProperty("billed").GetString()));
        Assert.All(rows, r => Assert.Equal("DECIMAL(38,12)", r.GetProperty("money").GetString()));
    }

    [Fact]
    public async Task BudgetCoversTheBatches_TheyRun_AndTheAccountKeepsOnlyWhatWasSpent()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s","budget_usd":1}""");

        AssertComplete(summary);
        Assert.Equal(new Dictionary<string, int> { ["batch"] = Lines }, tiers.BillableByTier());
        var account = await tiers.Engine.Blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.BudgetAccount($"job-{jobId}"));
        using var json = System.Text.Json.JsonDocument.Parse(account!.Content.ToMemory());
        var committed = json.RootElement.GetProperty("reserved").GetDecimal() - json.RootElement.GetProperty("released").GetDecimal();
        Assert.Equal(summary.Cost.EffectiveUsd, committed); // the estimates went back, the real cost stayed
    }

    [Fact]
    public async Task BudgetTooSmallForAWholeBatch_ShardRunsInRealTime_HeldToTheCapLineByLine()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s","budget_usd":0.0004}""");

        Assert.Equal(JobSummaryStatus.BudgetExceeded, summary.Status);
        Assert.True(summary.Cost.EffectiveUsd <= 0.0004m, $"spent {summary.Cost.EffectiveUsd}");
        Assert.DoesNotContain("batch", tiers.BillableByTier().Keys);
        Assert.All(await tiers.ShardsAsync(jobId, 2), s => Assert.Contains("does not fit under the job's budget", s.TierChange, StringComparison.Ordinal));
        await AssertLedgerMatchesBillableAsync(tiers, jobId, expectedLines: null);
    }

    [Theory]
    [InlineData("60s", "batch")]
    [InlineData("4s", "realtime")]
    public async Task CatalogNamesADeployment_TheProviderIsAskedForIt_TheLedgerKeepsTheModel(string window, string tier)
    {
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(
            Lines, $$"""{"completion_window":"{{window}}","allowed_providers":["openai"]}""", model: TierCatalogs.DeployedModel);

        AssertComplete(summary);
        var billable = tiers.Engine.Emulator.RequestLog.Snapshot().Where(r => r.Billable).ToList();
        Assert.Equal(Lines, billable.Count(r => r.Model == "nano-eu-prod" && r.Tier == tier));
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.All(ledger, e => Assert.Equal((TierCatalogs.DeployedModel, tier), (e.Model, e.Tier)));
    }

    [Fact]
    public async Task TightDeadline_RunsInRealTime()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"4s","allowed_providers":["openai"]}""");

        AssertComplete(summary);
        Assert.Equal(new Dictionary<string, int> { ["realtime"] = Lines }, tiers.BillableByTier());
        Assert.Equal(0, tiers.SpotBillable);
        Assert.Equal(0m, summary.Cost.SavingsUsd);
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task InterleavedModels_ShardsHoldOneModelEach_AndBatch_OutputStaysInInputOrder()
    {
        // The first half is one model; in the second it alternates with gpt-4o-mini. Cut in input order, the second
        // shard mixed both and could only run in real time; split by model it is 60 + 30 lines of one and 30 of the
        // other, and every shard can go to a provider batch.
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = TierHarness.Input(Lines, i => i < Lines / 2 || i % 2 == 0 ? TierCatalogs.Model : "gpt-4o-mini");

        var (jobId, summary) = await tiers.RunAsync(input, """{"completion_window":"60s","allowed_providers":["openai"]}""");

        AssertComplete(summary);
        var shards = await tiers.ShardsAsync(jobId, 3);
        Assert.Equal(
            [(TierCatalogs.Model, 60L, Tiers.Batch), (TierCatalogs.Model, 30L, Tiers.Batch), ("gpt-4o-mini", 30L, Tiers.Batch)],
            shards.Select(s => (s.Model, s.LineCount, s.Tier)));
        foreach (var shard in shards)
        {
            Assert.Equal([shard.Model!], await ShardModelsAsync(tiers, jobId, shard.Index));
        }

        var plan = System.Text.Json.JsonDocument.Parse(
            (await tiers.Engine.Blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.Plan(jobId)))!.Content.ToMemory());
        Assert.Equal(["batch", "batch", "batch"], plan.RootElement.GetProperty("shards").EnumerateArray().Select(s => s.GetProperty("tier").GetString()));
        Assert.Equal([TierCatalogs.Model, "gpt-4o-mini"], plan.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("model").GetString()));
        Assert.Equal(new Dictionary<string, int> { ["batch"] = Lines }, tiers.BillableByTier());
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"req-{i}"), (await tiers.Engine.ReadOutputAsync(jobId)).Select(l => l.CustomId));
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    // The models of a shard's input file, as the split wrote it.
    private static async Task<IReadOnlyList<string>> ShardModelsAsync(TierHarness tiers, string jobId, int shard)
    {
        var models = new SortedSet<string>(StringComparer.Ordinal);
        var content = await tiers.Engine.Blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.ShardInput(jobId, shard));
        await foreach (var line in ShardEnvelopeReader.ReadAsync(content!.Content.ToStream()))
        {
            models.Add(((RequestLine)line.Line).Model);
        }

        return [.. models];
    }

    [Fact]
    public async Task TightDeadlineWithASpotEndpoint_TakesTheCheaperSynchronousTier()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);

        // 6 s: a batch needs its 4 s p95 plus the 3 s real-time reserve, the spot endpoint only the reserve.
        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"6s"}""");

        AssertComplete(summary);
        Assert.Equal(Lines, tiers.SpotBillable);
        Assert.Equal(Lines, summary.Tiers["spot"]);
        Assert.All(await tiers.ShardsAsync(jobId, 2), s => Assert.Equal((Tiers.Spot, "spot"), (s.Tier, s.Provider)));
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task BatchTooSlow_HedgeCancelsAtTheLastSafeMoment_KeepsPartialOutput_FinishesInRealTimeBeforeTheDeadline()
    {
        // 60-line shards at 4 lines/s need ~15 s; the deadline (16 s, less the 3 s real-time reserve) leaves them ~12 s.
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: o => o.BatchLinesPerSecond = 4);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"16s"}""");

        AssertComplete(summary);
        var billable = tiers.BillableByTier();
        Assert.InRange(billable.GetValueOrDefault("batch"), 1, Lines - 1); // partial batch output kept
        Assert.Equal(Lines, billable.GetValueOrDefault("batch") + billable.GetValueOrDefault("realtime"));
        await AssertHedgedAtTheLastSafeMomentAsync(tiers, jobId);
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task BatchExpiresWithHalfDone_KeepsTheHalf_RunsTheRestInRealTime()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: o => o.BatchExpireAfterFraction = 0.5);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s"}""");

        AssertComplete(summary);
        Assert.Equal(new Dictionary<string, int> { ["batch"] = Lines / 2, ["realtime"] = Lines / 2 }, tiers.BillableByTier());
        Assert.All(await tiers.ShardsAsync(jobId, 2), s => Assert.Contains("expired", s.TierChange, StringComparison.Ordinal));
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task FlexUnavailableStorm_MovesToTheStandardTier_AndCompletes()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: o => o.FlexUnavailableRate = 1.0);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s","tier_policy":"flex"}""", model: TierCatalogs.FlexModel);

        AssertComplete(summary);
        Assert.Equal(new Dictionary<string, int> { ["realtime"] = Lines }, tiers.BillableByTier());
        Assert.All(await tiers.ShardsAsync(jobId, 2), s =>
        {
            Assert.Equal(Tiers.Flex, s.Tier);
            Assert.Contains("flex capacity was unavailable", s.TierChange, StringComparison.Ordinal);
        });
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task FlexPartlyUnavailable_EachRefusedLineFallsBack_TheRestStayFlex()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: o => o.FlexUnavailableRate = 0.3, engine: o => o.FallbackSwitchAfter = 1000);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s","tier_policy":"flex"}""", model: TierCatalogs.FlexModel);

        AssertComplete(summary);
        var billable = tiers.BillableByTier();
        Assert.Equal(Lines, billable.GetValueOrDefault("flex") + billable.GetValueOrDefault("realtime"));
        Assert.InRange(billable.GetValueOrDefault("realtime"), 1, Lines - 1);
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task SpotEndpointKilledMidJob_TheRestFailsOverToTheDefaultProvider()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: null);
        tiers.Spot.Reconfigure(o => o.Latency = TimeSpan.FromMilliseconds(100));
        var run = tiers.RunAsync(Lines, """{"completion_window":"60s","tier_policy":"spot"}""");
        await Poll.UntilAsync(() => Task.FromResult(tiers.SpotBillable >= 20), "the spot endpoint to answer 20 lines", TimeSpan.FromSeconds(30));

        await tiers.Spot.DisposeAsync(); // the spot node is gone

        var (jobId, summary) = await run;
        AssertComplete(summary);
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.Equal(Lines, ledger.Select(e => e.CustomId).Distinct().Count());
        Assert.Contains(ledger, e => e.Provider == "spot" && e.Tier == "spot");
        Assert.Contains(ledger, e => e.Provider == "openai" && e.Tier == "realtime");
        Assert.Equal(Lines, ledger.Count); // one paid answer per line: nothing the dead node answered was paid again
        Assert.True(summary.Cost.SavingsUsd > 0, "spot lines are cheaper than the default provider's real-time price");
        Assert.All(ledger.Where(e => e.Tier == "spot"), e => Assert.True(e.RealtimeListCost > e.EffectiveCost));
    }

    [Fact]
    public async Task CrashBetweenBatchCreatedAndStateSaved_AdoptsTheBatch_OneProviderBatchPerShard()
    {
        var crashes = 0;
        await using var tiers = await TierHarness.StartAsync(
            azurite, wrap: inner => new CrashAfterCreate(inner, () => Interlocked.Increment(ref crashes) <= 2));

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s"}""");

        AssertComplete(summary);
        Assert.True(crashes >= 2, "both shards should have crashed once after creating their batch");
        var batches = tiers.Engine.Emulator.RequestLog.Snapshot().Where(r => r.Billable && r.BatchId is not null).Select(r => r.BatchId).Distinct().Count();
        Assert.Equal(2, batches);
        Assert.Equal(new Dictionary<string, int> { ["batch"] = Lines }, tiers.BillableByTier());
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task ProviderTakesSmallerBatchesThanTheEngineShards_ShardsAreCutToItsLimit()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, wrap: inner => new CrashAfterCreate(inner, () => false, maxLines: 25));

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s","allowed_providers":["openai"]}""");

        AssertComplete(summary);
        var shards = await tiers.ShardsAsync(jobId, 10);
        Assert.Equal(Lines / 25 + 1, shards.Count); // 120 lines in shards of at most 25, not the engine's 60
        Assert.All(shards, s => Assert.Equal((Tiers.Batch, (string?)null), (s.Tier, s.TierChange)));
        Assert.Equal(new Dictionary<string, int> { ["batch"] = Lines }, tiers.BillableByTier());
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task BatchStallsWithNothingDone_HedgeCancelsIt_EveryLineRunsInRealTimeBeforeTheDeadline()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: o => o.BatchStall = true);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"12s","allowed_providers":["openai"]}""");

        AssertComplete(summary);
        Assert.Equal(new Dictionary<string, int> { ["realtime"] = Lines }, tiers.BillableByTier());
        await AssertHedgedAtTheLastSafeMomentAsync(tiers, jobId);
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task CancelWhileTheBatchesAreOut_CancelsThemAtTheProvider_EveryLineCancelled_NothingRunsInRealTime()
    {
        // The shards wait on 10-minute timers: only the cancel event can wake them in time.
        await using var tiers = await TierHarness.StartAsync(
            azurite,
            emulator: o => (o.BatchStall, o.BatchCancelTime) = (true, TimeSpan.Zero),
            engine: o => (o.BatchPollInterval, o.BatchPollMaxInterval) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)));
        var jobId = await tiers.SubmitAsync(TierHarness.Input(Lines, TierCatalogs.Model), """{"completion_window":"24h","allowed_providers":["openai"]}""");
        await Poll.UntilAsync(
            async () => (await tiers.ShardsAsync(jobId, 2)) is { Count: 2 } shards && shards.All(s => s.Status == ShardStatus.Batched),
            "both shards waiting for their batch", TimeSpan.FromSeconds(60));

        Assert.True((await tiers.Engine.Engine.CancelAsync(jobId))!.CancelRequested);
        var summary = await tiers.Engine.WaitForSummaryAsync(jobId);

        Assert.Equal(JobSummaryStatus.Cancelled, summary.Status);
        Assert.Equal(0L, summary.Counts.Succeeded);
        var errors = await tiers.Engine.ReadErrorsAsync(jobId);
        Assert.Equal(Lines, errors.Count);
        Assert.All(errors, e => Assert.Equal("job_cancelled", e.Error!.Code));
        Assert.All(await tiers.ShardsAsync(jobId, 2), s =>
        {
            Assert.Equal((ShardStatus.Stopped, ShardBatchPhase.Collected), (s.Status, s.Batch!.Phase));
            Assert.NotNull(s.Batch.CancelRequestedAt);
        });
        Assert.Equal(2, tiers.Engine.Emulator.RequestLog.Snapshot().Count(r => r.Method == "POST" && r.Path.EndsWith("/cancel", StringComparison.Ordinal)));
        Assert.Empty(tiers.BillableByTier());
        await AssertLedgerMatchesBillableAsync(tiers, jobId, expectedLines: 0);
    }

    [Fact]
    public async Task BatchApiRefusesTheFile_ShardRunsInRealTime_NothingLost()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: o => o.BatchMaxFileBytes = 1_000);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s","allowed_providers":["openai"]}""");

        AssertComplete(summary);
        Assert.Equal(new Dictionary<string, int> { ["realtime"] = Lines }, tiers.BillableByTier());
        Assert.All(await tiers.ShardsAsync(jobId, 2), s => Assert.Contains("batch API refused it", s.TierChange, StringComparison.Ordinal));
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    [Fact]
    public async Task AnthropicMessages_GoToAnthropicMessageBatches()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(Lines, """{"completion_window":"60s"}""", model: TierCatalogs.ClaudeModel);

        AssertComplete(summary);
        Assert.Equal(new Dictionary<string, int> { ["batch@anthropic"] = Lines }, tiers.BillableByTier());
        await AssertLedgerMatchesBillableAsync(tiers, jobId);
    }

    private static void AssertComplete(JobSummary summary)
    {
        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal((long)Lines, summary.Counts.Succeeded);
    }

    /// <summary>
    /// The hedge, checked on the one clock engine and emulator share and independent of how fast the machine runs
    /// (a busy machine makes every step later, so "done before the deadline" is a property of the machine, not of the
    /// engine; that the poll that reaches the last safe moment cancels is <c>BatchDecisionsTests</c>' job): each shard
    /// watched its batch, asked for its cancellation at or after its last safe moment and never before, and only then
    /// sent its remaining lines in real time.
    /// </summary>
    internal static async Task AssertHedgedAtTheLastSafeMomentAsync(TierHarness tiers, string jobId)
    {
        var log = tiers.Engine.Emulator.RequestLog.Snapshot();
        foreach (var shard in await tiers.ShardsAsync(jobId, 2))
        {
            Assert.Contains("last safe moment", shard.TierChange, StringComparison.Ordinal);
            var last = shard.LastSafeMoment!.Value;
            var batchId = shard.Batch!.BatchId!;
            Assert.True(shard.Batch.CancelRequestedAt >= last, $"shard {shard.Index} cancelled at {shard.Batch.CancelRequestedAt:O}, before {last:O}");
            var cancel = Assert.Single(log, r => r.Method == "POST" && r.Path.EndsWith($"/batches/{batchId}/cancel", StringComparison.Ordinal));
            Assert.True(cancel.At >= last, $"the provider saw the cancel at {cancel.At:O}, before the last safe moment {last:O}");
            var looks = log.Where(r => r.Method == "GET" && r.Path.EndsWith("/batches/" + batchId, StringComparison.Ordinal)).ToList();
            Assert.Contains(looks, r => r.At < last); // it watched the batch before its last safe moment, and let it run

            // Real-time calls carry X-Client-Request-Id "{job}:{custom_id}:{attempt}".
            var ids = Enumerable.Range((int)shard.FirstSequence, (int)shard.LineCount).Select(i => $"{jobId}:req-{i}").ToHashSet(StringComparer.Ordinal);
            var realtime = log.Where(r => r.Billable && r.Tier == "realtime" && r.ClientRequestId is { } id && ids.Contains(id[..id.LastIndexOf(':')])).ToList();
            Assert.NotEmpty(realtime);
            Assert.All(realtime, r => Assert.True(r.At >= cancel.At, $"{r.ClientRequestId} ran in real time at {r.At:O}, before the cancel at {cancel.At:O}"));
        }
    }

    internal static async Task AssertLedgerMatchesBillableAsync(TierHarness tiers, string jobId, int? expectedLines = Lines)
    {
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.Equal(tiers.BillableByTier().Values.Sum(), ledger.Count);
        Assert.Equal(expectedLines ?? ledger.Count, ledger.Select(e => e.CustomId).Distinct().Count());
    }
}
