using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.TierScenarios;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Durable;

/// <summary>Batch shards on Durable Task: submit, checks on durable timers, collect, the hedge, adoption after a crash,
/// and a cancel during the wait. The emulator's compressed clock makes a "24 h" batch a matter of seconds.</summary>
public sealed partial class ShardOrchestratorTests
{
    private const int BatchLines = 120; // two shards of 60

    [Fact]
    public async Task BatchShards_SubmitOnce_PolledOnTimers_Collected()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, workers: 0);
        await using var hub = await ShardHub.StartAsync(tiers.Engine, azurite);
        var jobId = await PrepareAsync(tiers, hub, """{"completion_window":"60s"}""");

        var results = await hub.RunShardsAsync(jobId);

        Assert.All(results, r => Assert.False(r.Stopped, r.Reason));
        var shards = await tiers.ShardsAsync(jobId, 2);
        Assert.All(shards, s =>
        {
            Assert.Equal((ShardStatus.Done, Tiers.Batch, (string?)null), (s.Status, s.Tier, s.TierChange));
            Assert.Equal((ShardBatchPhase.Collected, 1), (s.Batch!.Phase, s.Batch.Attempt));
            Assert.True(s.Batch.Polls >= 1, $"shard {s.Index} was collected without a poll on a timer");
        });
        Assert.Equal(2, CreatedBatches(tiers));
        Assert.Equal(new Dictionary<string, int> { ["batch"] = BatchLines }, tiers.BillableByTier());
        await FinishAsync(tiers, hub, jobId);
    }

    [Fact]
    public async Task BatchTooSlow_CancelledAtTheLastSafeMoment_HedgedToRealTime()
    {
        await using var tiers = await TierHarness.StartAsync(azurite, emulator: o => o.BatchLinesPerSecond = 4, workers: 0);
        await using var hub = await ShardHub.StartAsync(tiers.Engine, azurite);
        var jobId = await PrepareAsync(tiers, hub, """{"completion_window":"16s"}""");

        var results = await hub.RunShardsAsync(jobId);

        Assert.All(results, r => Assert.False(r.Stopped, r.Reason));
        var billable = tiers.BillableByTier();
        Assert.InRange(billable.GetValueOrDefault("batch"), 1, BatchLines - 1); // the partial batch output is kept
        Assert.Equal(BatchLines, billable.GetValueOrDefault("batch") + billable.GetValueOrDefault("realtime"));
        await TierScenarioTests.AssertHedgedAtTheLastSafeMomentAsync(tiers, jobId);
        await FinishAsync(tiers, hub, jobId);
    }

    [Fact]
    public async Task CrashBetweenSubmittingAndCreate_TheRetryAdoptsTheBatch_OneProviderBatchPerShard()
    {
        var crashes = 0;
        await using var tiers = await TierHarness.StartAsync(
            azurite, engine: o => o.ActivityRetryInterval = TimeSpan.FromMilliseconds(200),
            wrap: inner => new CrashAfterCreate(inner, () => Interlocked.Increment(ref crashes) <= 2), workers: 0);
        await using var hub = await ShardHub.StartAsync(tiers.Engine, azurite);
        var jobId = await PrepareAsync(tiers, hub, """{"completion_window":"60s"}""");

        var results = await hub.RunShardsAsync(jobId);

        Assert.All(results, r => Assert.False(r.Stopped, r.Reason));
        Assert.True(crashes >= 2, "both shards should have crashed once after creating their batch");
        Assert.Equal(2, CreatedBatches(tiers));
        Assert.All(await tiers.ShardsAsync(jobId, 2), s => Assert.Equal((ShardStatus.Done, 1), (s.Status, s.Batch!.Attempt)));
        Assert.Equal(new Dictionary<string, int> { ["batch"] = BatchLines }, tiers.BillableByTier());
        await FinishAsync(tiers, hub, jobId);
    }

    [Fact]
    public async Task CancelEventDuringTheBatchWait_WakesTheShard_CancelsTheBatch_StopsIt()
    {
        // Polls every 10 minutes: a shard that slept out its timer would outlast the wait below many times over.
        await using var tiers = await TierHarness.StartAsync(
            azurite,
            emulator: o => (o.BatchStall, o.BatchCancelTime) = (true, TimeSpan.Zero),
            engine: o => (o.BatchPollInterval, o.BatchPollMaxInterval) = (TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)),
            workers: 0);
        await using var hub = await ShardHub.StartAsync(tiers.Engine, azurite);
        var jobId = await PrepareAsync(tiers, hub, """{"completion_window":"24h","allowed_providers":["openai"]}""");
        var instances = new[] { await hub.StartShardAsync(jobId, 0), await hub.StartShardAsync(jobId, 1) };
        await Poll.UntilAsync(
            async () => (await tiers.ShardsAsync(jobId, 2)).All(s => s.Status == ShardStatus.Batched),
            "both shards waiting for their batch", TimeSpan.FromSeconds(60));

        foreach (var instance in instances)
        {
            await hub.Client.RaiseEventAsync(instance, EngineOrchestrations.CancelEvent, "the user cancelled the job");
        }

        foreach (var instance in instances)
        {
            var result = await hub.WaitAsync(instance, TimeSpan.FromSeconds(60));
            Assert.Equal((true, "the user cancelled the job"), (result.Stopped, result.Reason));
        }

        Assert.All(await tiers.ShardsAsync(jobId, 2), s =>
        {
            Assert.Equal((ShardStatus.Stopped, ShardBatchPhase.Collected), (s.Status, s.Batch!.Phase));
            Assert.NotNull(s.Batch.CancelRequestedAt);
        });
        Assert.Equal(2, tiers.Engine.Emulator.RequestLog.Snapshot().Count(r => r.Method == "POST" && r.Path.EndsWith("/cancel", StringComparison.Ordinal)));
        Assert.DoesNotContain("realtime", tiers.BillableByTier().Keys);
    }

    private static async Task<string> PrepareAsync(TierHarness tiers, ShardHub hub, string settingsJson)
    {
        var name = await tiers.Engine.UploadJobAsync(TierHarness.Input(BatchLines, TierCatalogs.Model), testName: "durable-tiers");
        await tiers.Engine.UploadSidecarAsync(name, settingsJson);
        return await hub.PrepareJobAsync(name);
    }

    private static int CreatedBatches(TierHarness tiers) =>
        tiers.Engine.Emulator.RequestLog.Snapshot().Where(r => r.Billable && r.BatchId is not null).Select(r => r.BatchId).Distinct().Count();

    // The job orchestration's part, done here by today's finish step: every line answered once, one ledger line per paid call.
    private static async Task FinishAsync(TierHarness tiers, ShardHub hub, string jobId)
    {
        await hub.FinishJobAsync(jobId);
        var summary = await tiers.Engine.WaitForSummaryAsync(jobId);
        Assert.True(summary.Status == BatchInference.Jobs.Summary.JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal((long)BatchLines, summary.Counts.Succeeded);
        await TierScenarioTests.AssertLedgerMatchesBillableAsync(tiers, jobId);
    }
}
