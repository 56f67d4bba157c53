using BatchInference.Cli.Reporting;

namespace BatchInference.Cli.Tests.Reporting;

public sealed class SpendAggregatorTests
{
    private static readonly IReadOnlyList<BatchInference.Ledger.Spend.LedgerEntry> Entries = SpendLedgerSample.Entries("job-a", "job-b");

    [Fact]
    public void Add_ByDayAndModel_SumsEachGroupExactly()
    {
        var aggregator = new SpendAggregator(new SpendQuery(null, null, [SpendDimension.Day, SpendDimension.Model], "team", []));
        foreach (var entry in Entries)
        {
            aggregator.Add(entry);
        }

        var report = aggregator.ToReport();

        var expected = Entries.GroupBy(e => (Day: SpendLedgerSample.Day(e), e.Model))
            .OrderBy(g => g.Key.Day, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .Select(g => (string?[])[g.Key.Day, g.Key.Model])
            .ToList();
        Assert.Equal(expected, report.Groups.Select(g => g.Key.Values.ToArray()).ToList());
        foreach (var group in report.Groups)
        {
            var lines = Entries.Where(e => SpendLedgerSample.Day(e) == group.Key.Values[0] && e.Model == group.Key.Values[1]).ToList();
            Assert.Equal(lines.Count, group.Totals.Requests);
            Assert.Equal(lines.Sum(e => e.InputTokens), group.Totals.InputTokens);
            Assert.Equal(lines.Sum(e => e.CachedInputTokens), group.Totals.CachedInputTokens);
            Assert.Equal(lines.Sum(e => e.OutputTokens), group.Totals.OutputTokens);
            Assert.Equal(lines.Sum(e => e.EffectiveCost), group.Totals.EffectiveCost);
            Assert.Equal(lines.Sum(SpendLedgerSample.Realtime), group.Totals.RealtimeListCost);
        }

        Assert.Equal(Entries.Sum(e => e.EffectiveCost), report.Total.EffectiveCost);
        Assert.Equal(Entries.Count, report.Total.Requests);
    }

    [Fact]
    public void Add_OutsideDatesOrJobs_SkipsTheLine()
    {
        var aggregator = new SpendAggregator(new SpendQuery(SpendLedgerSample.Day2, SpendLedgerSample.Day2, [], "team", ["job-b"]));

        var added = Entries.Count(aggregator.Add);

        var expected = Entries.Where(e => e.JobId == "job-b" && SpendLedgerSample.ChargeDate(e) == SpendLedgerSample.Day2).ToList();
        Assert.Equal(expected.Count, added);
        Assert.Equal(Entries.Count, aggregator.LinesRead);
        Assert.Equal(expected.Sum(e => e.EffectiveCost), aggregator.ToReport().Total.EffectiveCost);
    }

    [Fact]
    public void Add_ByTagWithoutTheTag_GroupsUntaggedLinesAsNullFirst()
    {
        var aggregator = new SpendAggregator(new SpendQuery(null, null, [SpendDimension.Tag], "team", []));
        foreach (var entry in Entries)
        {
            aggregator.Add(entry);
        }

        var report = aggregator.ToReport();

        Assert.Equal(["", "ads", "search"], report.Groups.Select(g => g.Key.Values[0] ?? string.Empty));
        Assert.Equal(Entries.Count(e => !e.Tags.ContainsKey("team")), report.Groups[0].Totals.Requests);
    }

    [Fact]
    public void Add_UnpricedLines_CountsThemPerGroupAndNamesTheirModels()
    {
        var priced = Entries[0];
        var aggregator = new SpendAggregator(new SpendQuery(null, null, [SpendDimension.Model], "team", []));
        aggregator.Add(priced);
        aggregator.Add(priced with { Model = "zz-unknown", EffectiveCost = 0m, ListCost = 0m, RealtimeListCost = 0m, Unpriced = true });
        aggregator.Add(priced with { Model = "aa-unknown", EffectiveCost = 0m, ListCost = 0m, RealtimeListCost = 0m, Unpriced = true });
        aggregator.Add(priced with { Model = "zz-unknown", EffectiveCost = 0m, ListCost = 0m, RealtimeListCost = 0m, Unpriced = true });

        var report = aggregator.ToReport();

        Assert.Equal(3, report.Total.UnpricedRequests);
        Assert.Equal(4, report.Total.Requests);
        Assert.Equal(priced.EffectiveCost, report.Total.EffectiveCost);
        Assert.Equal([new("aa-unknown", 1L), new KeyValuePair<string, long>("zz-unknown", 2L)], report.UnpricedModels);
        Assert.Equal(0, Assert.Single(report.Groups, g => g.Key.Values[0] == priced.Model).Totals.UnpricedRequests);
    }

    [Fact]
    public void ToReport_NothingAdded_IsEmpty()
    {
        var report = new SpendAggregator(new SpendQuery(null, null, [SpendDimension.Model], "team", [])).ToReport();

        Assert.True(report.IsEmpty);
        Assert.Empty(report.Groups);
    }
}
