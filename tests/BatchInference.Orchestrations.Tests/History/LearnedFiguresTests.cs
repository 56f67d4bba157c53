using BatchInference.Orchestrations.History;

namespace BatchInference.Orchestrations.Tests.History;

public sealed class LearnedFiguresTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private static readonly HistoryOptions Options = new(); // 10 samples, 14-day window, 3-day half-life

    internal static IEnumerable<CompletionSample> Runs(int count, TimeSpan duration, TimeSpan age, long lines = 50, string id = "b") =>
        Enumerable.Range(0, count).Select(i => new CompletionSample($"{id}{i}", Now - age, duration.TotalSeconds, lines));

    [Fact]
    public void Of_EnoughRecentSamples_IsLearnedWithTheirPercentiles()
    {
        var samples = Runs(39, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)).Append(new CompletionSample("slow", Now.AddHours(-1), 3600, 50));

        var figures = LearnedFigures.Of(samples, Now, Options);

        Assert.True(figures.Learned);
        Assert.Equal(40, figures.Samples);
        Assert.Equal(TimeSpan.FromMinutes(5), figures.P50);
        Assert.Equal(TimeSpan.FromMinutes(5), figures.P95); // 39 of 40 at 5 minutes: over 95 % of the weight
        Assert.Equal(50 / 300.0, figures.LinesPerSecondP50, 9);
        Assert.Equal(50 / 300.0, figures.LinesPerSecondP05, 9); // one slow run in 40 is under 5 % of the weight
        Assert.Equal("learned from 40 samples", figures.Basis);
    }

    [Fact]
    public void Of_FewerThanTheMinimum_IsNotLearnedAndSaysSo()
    {
        var figures = LearnedFigures.Of(Runs(9, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)), Now, Options);

        Assert.False(figures.Learned);
        Assert.Equal(9, figures.Samples);
        Assert.Equal("catalog assumption (9 of 10 samples needed to learn)", figures.Basis);
    }

    [Fact]
    public void Of_SamplesOlderThanTheWindow_DropOut()
    {
        var samples = Runs(10, TimeSpan.FromMinutes(5), TimeSpan.FromDays(15)).Concat(Runs(3, TimeSpan.FromMinutes(5), TimeSpan.FromDays(13), id: "r"));

        var figures = LearnedFigures.Of(samples, Now, Options);

        Assert.False(figures.Learned);
        Assert.Equal(3, figures.Samples);
    }

    [Fact]
    public void Of_OldSlowRunsAndRecentFastOnes_RecentOnesWeighMore()
    {
        // 12 runs of an hour six days ago (two half-lives: weight 1/4 each, 3 in all) and 8 of a minute today (8): the
        // median is a minute, although unweighted it would be an hour; the slow runs still set the p95.
        var samples = Runs(12, TimeSpan.FromHours(1), TimeSpan.FromDays(6), id: "old").Concat(Runs(8, TimeSpan.FromMinutes(1), TimeSpan.Zero, id: "new"));

        var decayed = LearnedFigures.Of(samples, Now, Options);
        var flat = LearnedFigures.Of(samples, Now, new HistoryOptions { HalfLife = TimeSpan.FromDays(100_000) });

        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), (decayed.P50, decayed.P95));
        Assert.Equal(TimeSpan.FromHours(1), flat.P50);
    }

    [Fact]
    public void BucketOf_SplitsShardSizesByPowersOfTen()
    {
        Assert.Equal(
            ["1-100", "1-100", "101-1000", "1001-10000", "10001+"],
            new long[] { 1, 100, 101, 10_000, 50_000 }.Select(CompletionKey.BucketOf));
    }

    [Fact]
    public void With_TheSameRunTwice_KeepsOneSample_AndOnlyTheNewestMax()
    {
        var record = new CompletionRecord { Key = new CompletionKey("openai", "m", "batch", "1-100") };
        foreach (var sample in Runs(5, TimeSpan.FromMinutes(1), TimeSpan.Zero).Select((s, i) => s with { At = Now.AddMinutes(i) }))
        {
            record = record.With(sample, max: 3)!;
        }

        Assert.Null(record.With(record.Samples[0], max: 3));
        Assert.Equal(["b2", "b3", "b4"], record.Samples.Select(s => s.Id));
    }
}
