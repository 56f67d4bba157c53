using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Planning;
using BatchInference.Testing;
using static BatchInference.Orchestrations.Tests.Planning.Workloads;

namespace BatchInference.Orchestrations.Tests.History;

/// <summary>History written and read through the store on Azurite, and the planner deciding with it.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CompletionHistoryStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    // A base URL of this test's own: history is kept per endpoint, so other tests on this Azurite never see it.
    private readonly Uri _endpoint = new($"http://provider-{Guid.NewGuid():N}.test/v1");
    private readonly CompletionHistoryStore _store = new(azurite.CreateBlobStore(), new HistoryOptions());

    public async Task InitializeAsync() => await azurite.CreateBlobStore().CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Plan_LearnedBatchTimes_MoveAShardToBatchUnderADeadlineTheCatalogRefuses()
    {
        // Catalog: batch p95 1 hour; real time 10 minutes for the shard (a 15-minute reserve). A 40-minute deadline
        // rules batch out on the catalog's figures; twelve recorded batches of 5 minutes let it in.
        var shard = Shard(0, "m", 1_000);
        var request = new PlanRequest(Now, Now.AddMinutes(40), JobSettings.Default, [shard]);
        var catalogOnly = new Planner().Plan(request, Simple());
        await RecordAsync(12, TimeSpan.FromMinutes(5), lines: 1_000);

        var history = await _store.LoadAsync(Providers(), Now);
        var plan = new Planner().Plan(request with { History = history }, Simple());

        Assert.Equal("realtime", catalogOnly.Shards[0].Tier);
        Assert.True(plan.Feasible);
        Assert.Equal(("batch", "p"), (plan.Shards[0].Tier, plan.Shards[0].Provider));
        Assert.Equal(Now.AddMinutes(5), plan.Shards[0].EstimatedFinish);
        Assert.Equal(Now.AddMinutes(25), plan.Shards[0].LastSafeMoment); // the hedge moment is the deadline minus the reserve, as before
        Assert.Contains("p95 finish 2026-11-22 00:05:00Z (learned from 12 samples)", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Batch completion on p m (101-1000 lines): p50 5m 00s, p95 5m 00s, learned from 12 samples.", plan.Notes);
    }

    [Fact]
    public async Task Plan_LearnedRealtimeRateSlowerThanTheRateLimits_TheReserveGrowsAndTheShardStaysInRealTime()
    {
        // Catalog: real time 10 minutes for the shard at 100 rpm (a 15-minute reserve), batch p95 1 hour: under a 2-hour
        // deadline batch fits. Twelve recorded jobs that took 50 minutes for 1,000 real-time lines (0.333 lines/s) make the
        // reserve 75 minutes, so a batch could no longer be hedged in time, and the shard runs in real time.
        var request = new PlanRequest(Now, Now.AddHours(2), JobSettings.Default, [Shard(0, "m", 1_000)]);
        var catalogOnly = new Planner().Plan(request with { History = await _store.LoadAsync(Providers(), Now) }, Simple());
        await RecordAsync(12, TimeSpan.FromMinutes(50), lines: 1_000, tier: "realtime");

        var plan = new Planner().Plan(request with { History = await _store.LoadAsync(Providers(), Now) }, Simple());

        Assert.Equal("batch", catalogOnly.Shards[0].Tier);
        Assert.DoesNotContain(catalogOnly.Notes, n => n.StartsWith("Throughput of", StringComparison.Ordinal));
        Assert.True(plan.Feasible);
        Assert.Equal("realtime", plan.Shards[0].Tier);
        Assert.Equal(Now.AddMinutes(50), plan.Shards[0].EstimatedFinish);
        Assert.Contains("realtime on p finishes by 2026-11-22 00:50:00Z at 0.333 lines/s (learned from 12 samples)", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Contains("1h 15m real-time reserve ends after the deadline", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Throughput of realtime on p m (101-1000 lines): median 0.333 lines/s, 5th percentile 0.333 lines/s, learned from 12 samples.", plan.Notes);
    }

    [Fact]
    public async Task Plan_TooFewSamples_UsesTheCatalogFiguresAndSaysHowManyThereAre()
    {
        var request = new PlanRequest(Now, Now.AddMinutes(40), JobSettings.Default, [Shard(0, "m", 1_000)]);
        await RecordAsync(9, TimeSpan.FromMinutes(5), lines: 1_000);

        var plan = new Planner().Plan(request with { History = await _store.LoadAsync(Providers(), Now) }, Simple());

        Assert.Equal("realtime", plan.Shards[0].Tier);
        Assert.Contains("p95 finish 2026-11-22 01:00:00Z (catalog assumption)", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Batch completion on p m (101-1000 lines): p50 30m 00s, p95 1h 00m, catalog assumption (9 of 10 samples needed to learn).", plan.Notes);
    }

    [Fact]
    public async Task Plan_HistoryOutsideTheWindow_NoLongerCounts()
    {
        var request = new PlanRequest(Now, Now.AddMinutes(40), JobSettings.Default, [Shard(0, "m", 1_000)]);
        await RecordAsync(12, TimeSpan.FromMinutes(5), lines: 1_000);

        var later = Now.AddDays(15);
        var plan = new Planner().Plan(
            request with { Now = later, Deadline = later.AddMinutes(40), History = await _store.LoadAsync(Providers(), later) }, Simple());

        Assert.Equal("realtime", plan.Shards[0].Tier);
        Assert.Contains("catalog assumption (0 of 10 samples needed to learn)", string.Join("\n", plan.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordAsync_SameRunTwiceAndOtherSizes_KeepsOneSamplePerRunInItsBucket()
    {
        var key = CompletionKey.For("p", _endpoint, "m", "batch", 40);
        await _store.RecordAsync(key, new CompletionSample("batch_1", Now, 60, 40));
        await _store.RecordAsync(key, new CompletionSample("batch_1", Now, 60, 40));
        await _store.RecordAsync(CompletionKey.For("p", _endpoint, "m", "batch", 5_000), new CompletionSample("batch_2", Now, 600, 5_000));

        var history = await _store.LoadAsync(Providers(), Now);
        var elsewhere = await _store.LoadAsync(new Dictionary<string, Uri?> { ["p"] = new Uri("http://other.test/v1") }, Now);

        Assert.Equal(1, history.For("p", "m", "batch", 99).Samples);
        Assert.Equal(1, history.For("p", "m", "batch", 1_001).Samples);
        Assert.Equal(0, history.For("p", "m", "batch", 101).Samples);
        Assert.Equal(0, elsewhere.For("p", "m", "batch", 40).Samples);
    }

    private Dictionary<string, Uri?> Providers() => new() { ["p"] = _endpoint };

    private async Task RecordAsync(int count, TimeSpan duration, long lines, string tier = "batch")
    {
        var key = CompletionKey.For("p", _endpoint, "m", tier, lines);
        foreach (var sample in LearnedFiguresTests.Runs(count, duration, TimeSpan.FromHours(1), lines))
        {
            await _store.RecordAsync(key, sample);
        }
    }
}
