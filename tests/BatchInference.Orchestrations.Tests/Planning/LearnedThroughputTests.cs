using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Planning;
using BatchInference.Orchestrations.Tests.History;
using static BatchInference.Orchestrations.Tests.Planning.Workloads;

namespace BatchInference.Orchestrations.Tests.Planning;

/// <summary>The planner running throughput tiers at learned rates: when they bind, and which history they come from.</summary>
public sealed class LearnedThroughputTests
{
    [Fact]
    public void Plan_LearnedRateFasterThanTheRateLimits_TheLimitsStillBind()
    {
        // 1,000 lines in 100 s recorded (10 lines/s), but the catalog allows 100 requests/minute: the engine keeps to the
        // limits, so the shard takes 10 minutes as before.
        var plan = Plan([Shard(0, "m", 1_000)], Simple(), Samples("realtime", 1_000, TimeSpan.FromSeconds(100)), TierPolicy.Realtime);

        Assert.Equal(Now.AddMinutes(10), plan.Shards[0].EstimatedFinish);
        Assert.Contains("finishes by 2026-11-22 00:10:00Z at its rate limits", plan.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Throughput of realtime on p m (101-1000 lines): median 10 lines/s, 5th percentile 10 lines/s, learned from 12 samples; faster than the rate limits, which bind.", plan.Notes);
    }

    [Fact]
    public void Plan_NoRateLimitsInTheCatalog_TheLearnedRateReplacesTheAssumedOne()
    {
        // Without limits the planner assumes 60 requests/minute (1,000 lines: 16m 40s); 12 runs at 10 lines/s say 100 s.
        var catalog = Catalog("""
            {"version": "t", "currency": "USD",
             "providers": [{"name": "p", "kind": "openai", "regions": ["eu"], "tiers": ["realtime"]}],
             "prices": [{"provider": "p", "model": "m", "tier": "realtime", "input": 2, "cached_input": 1, "output": 8}]}
            """);

        var assumed = Plan([Shard(0, "m", 1_000)], catalog, Samples("realtime", 1_000, TimeSpan.FromSeconds(100), count: 9));
        var learned = Plan([Shard(0, "m", 1_000)], catalog, Samples("realtime", 1_000, TimeSpan.FromSeconds(100)));

        Assert.Equal(Now.AddSeconds(1_000), assumed.Shards[0].EstimatedFinish);
        Assert.Contains("at an assumed 60 requests/min", assumed.Shards[0].Reason, StringComparison.Ordinal);
        Assert.Equal(Now.AddSeconds(100), learned.Shards[0].EstimatedFinish);
        Assert.Contains("at 10 lines/s (learned from 12 samples)", learned.Shards[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TheSizeBucketIsTheJobsLinesOfTheModel_AndItsShardsShareTheRate()
    {
        // Two shards of 600 lines: 1,200 lines of "m" in the job, so the 1001-10000 history applies (a sample is one
        // job's lines of a model), and the second shard queues behind the first: 1,200 lines at 0.5 lines/s = 40 minutes.
        var shards = new[] { Shard(0, "m", 600), Shard(1, "m", 600) };
        var bigJobs = Plan(shards, Simple(), Samples("realtime", 2_000, TimeSpan.FromSeconds(4_000)), TierPolicy.Realtime);
        var smallJobs = Plan(shards, Simple(), Samples("realtime", 600, TimeSpan.FromSeconds(1_200)), TierPolicy.Realtime);

        Assert.Equal([Now.AddMinutes(20), Now.AddMinutes(40)], bigJobs.Shards.Select(s => s.EstimatedFinish));
        Assert.Equal([Now.AddMinutes(6), Now.AddMinutes(12)], smallJobs.Shards.Select(s => s.EstimatedFinish)); // the rate limits
        Assert.DoesNotContain(smallJobs.Notes, n => n.StartsWith("Throughput of", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_SlowRunsAmongFastOnes_PlansAtTheFifthPercentile()
    {
        // 18 runs at 1 line/s and two at 0.1: a tenth of the weight is slow runs, so the plan uses 0.1 lines/s.
        var samples = LearnedFiguresTests.Runs(18, TimeSpan.FromSeconds(1_000), TimeSpan.FromHours(1), 1_000)
            .Concat(LearnedFiguresTests.Runs(2, TimeSpan.FromSeconds(10_000), TimeSpan.FromHours(1), 1_000, id: "slow"));
        var history = History(("realtime", 1_000, samples.ToList()));

        var plan = Plan([Shard(0, "m", 1_000)], Simple(), history, TierPolicy.Realtime);

        Assert.Equal(Now.AddSeconds(10_000), plan.Shards[0].EstimatedFinish);
        Assert.Contains("median 1 lines/s, 5th percentile 0.1 lines/s, learned from 20 samples", string.Join("\n", plan.Notes), StringComparison.Ordinal);
    }

    private static JobPlan Plan(ShardWorkload[] shards, TierCatalog catalog, CompletionHistory history, TierPolicy policy = TierPolicy.Auto) =>
        new Planner().Plan(
            new PlanRequest(Now, Now.AddDays(1), JobSettings.Default with { TierPolicy = policy }, shards, history), catalog);

    private static CompletionHistory Samples(string tier, long lines, TimeSpan duration, int count = 12) =>
        History((tier, lines, LearnedFiguresTests.Runs(count, duration, TimeSpan.FromHours(1), lines).ToList()));

    private static CompletionHistory History(params (string Tier, long Lines, List<CompletionSample> Samples)[] keys) =>
        new(keys.ToDictionary(k => ("p", "m", k.Tier, CompletionKey.BucketOf(k.Lines)), k => (IReadOnlyList<CompletionSample>)k.Samples), Now, new HistoryOptions());
}
