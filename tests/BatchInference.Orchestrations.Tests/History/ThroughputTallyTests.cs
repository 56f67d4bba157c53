using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Tests.History;

/// <summary>The throughput a job's ledger shows: lines per bucket over the union of its shards' busy spans.</summary>
public sealed class ThroughputTallyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Samples_ShardsOverlapping_BusyTimeCountsTheOverlapOnce()
    {
        var tally = new ThroughputTally();
        // Shard 0 busy 0–10 s, shard 1 5–15 s; their lines interleave, as the merge reads them.
        tally.Add(0, 0, Entry("m", Tiers.Realtime, 0, 4));
        tally.Add(1, 1, Entry("m", Tiers.Realtime, 5, 9));
        tally.Add(0, 2, Entry("m", Tiers.Realtime, 6, 10));
        tally.Add(1, 3, Entry("m", Tiers.Realtime, 9, 15));

        var (provider, model, tier, sample) = Assert.Single(tally.Samples("job_1"));

        Assert.Equal(("p", "m", Tiers.Realtime), (provider, model, tier));
        Assert.Equal(new CompletionSample("job:job_1", T0.AddSeconds(15), 15, 4), sample);
        Assert.False(sample.Censored);
    }

    [Fact]
    public void Samples_ShardsDisjoint_TheGapBetweenThemIsNotBusy()
    {
        // Two real-time shards end by 10 s; a batch shard's leftover lines run in real time at 100–102 s.
        var tally = new ThroughputTally();
        tally.Add(0, 0, Entry("m", Tiers.Realtime, 0, 10));
        tally.Add(1, 1, Entry("m", Tiers.Realtime, 2, 8));
        tally.Add(2, 2, Entry("m", Tiers.Realtime, 100, 102));

        var sample = Assert.Single(tally.Samples("j")).Sample;

        Assert.Equal(12, sample.Seconds);
        Assert.Equal(3, sample.Lines);
        Assert.Equal(T0.AddSeconds(102), sample.At);
    }

    [Fact]
    public void Samples_ALineRetried_CountsOnceAndItsWaitsAreBusyTime()
    {
        // A line paid twice (a 5xx after the tokens were billed, then an answer): one line, busy from its first send.
        var tally = new ThroughputTally();
        tally.Add(0, 0, Entry("m", Tiers.Realtime, 0, 2));
        tally.Add(0, 0, Entry("m", Tiers.Realtime, 20, 21, attempt: 2));
        tally.Add(0, 1, Entry("m", Tiers.Realtime, 21, 22));

        var sample = Assert.Single(tally.Samples("j")).Sample;

        Assert.Equal((2L, 22.0), (sample.Lines, sample.Seconds));
    }

    [Fact]
    public void Samples_UnknownOutcomesCacheHitsAndBatches_TeachNothing()
    {
        var tally = new ThroughputTally();
        tally.Add(0, 0, Entry("m", Tiers.Batch, 0, 600));
        tally.Add(1, 1, Entry("m", Tiers.ResultCache, 0, 0) with { ResultCacheHit = true, Attempt = 0 });
        tally.Add(1, 2, Entry("m", Tiers.Realtime, 0, 0) with { ResultCacheHit = true, Attempt = 0 });
        tally.Add(2, 3, Entry("m", Tiers.Realtime, 0, 300) with { Outcome = LedgerEntry.UnknownOutcome });
        tally.Add(2, 4, Entry("m", Tiers.Realtime, 10, 12));

        var sample = Assert.Single(tally.Samples("j")).Sample;

        Assert.Equal((1L, 2.0), (sample.Lines, sample.Seconds));
    }

    [Fact]
    public void Samples_TwoProvidersModelsAndTiers_OneSampleEach()
    {
        var tally = new ThroughputTally();
        tally.Add(0, 0, Entry("m", Tiers.Realtime, 0, 4));
        tally.Add(0, 0, Entry("m", Tiers.Flex, 4, 5)); // a flex 429 paid, then the fallback: one line in each bucket
        tally.Add(1, 1, Entry("n", Tiers.Realtime, 0, 8));
        tally.Add(1, 2, Entry("n", Tiers.Realtime, 1, 2));
        tally.Add(2, 3, Entry("m", Tiers.Spot, 0, 3, provider: "spot"));

        var samples = tally.Samples("j").ToDictionary(s => (s.Provider, s.Model, s.Tier), s => (s.Sample.Lines, s.Sample.Seconds));

        Assert.Equal(4, samples.Count);
        Assert.Equal((1L, 4.0), samples[("p", "m", Tiers.Realtime)]);
        Assert.Equal((1L, 1.0), samples[("p", "m", Tiers.Flex)]);
        Assert.Equal((2L, 8.0), samples[("p", "n", Tiers.Realtime)]);
        Assert.Equal((1L, 3.0), samples[("spot", "m", Tiers.Spot)]);
    }

    [Fact]
    public void Samples_NoBusyTime_IsLeftOut()
    {
        var tally = new ThroughputTally();
        tally.Add(0, 0, Entry("m", Tiers.Realtime, 5, 5));

        Assert.Empty(tally.Samples("j"));
        Assert.Empty(new ThroughputTally().Samples("j"));
    }

    [Theory]
    [InlineData(new[] { 0, 10, 10, 20 }, 20)] // touching
    [InlineData(new[] { 0, 30, 5, 10, 12, 14 }, 30)] // nested
    [InlineData(new[] { 40, 50, 0, 10 }, 20)] // out of order, disjoint
    [InlineData(new[] { 0, 10, 5, 15, 30, 31 }, 16)]
    public void BusySeconds_IsTheLengthOfTheUnion(int[] bounds, double expected)
    {
        var spans = bounds.Chunk(2).Select(b => (T0.AddSeconds(b[0]), T0.AddSeconds(b[1])));

        Assert.Equal(expected, ThroughputTally.BusySeconds(spans));
    }

    private static LedgerEntry Entry(string model, string tier, int startSecond, int endSecond, int attempt = 1, string provider = "p") => new(
        "j", "c", 1, attempt, provider, model, tier, "req", $"{provider}/{model}/{tier}", 10, 0, 5, 0, 0.1m, 0.1m, "USD", "v",
        T0.AddSeconds(startSecond), T0.AddSeconds(endSecond), new Dictionary<string, string>());
}
