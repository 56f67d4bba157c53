using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BatchInference.Ledger.Spend;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Reporting;

/// <summary>
/// Runs the DuckDB queries of the README's "For data teams" section, as written there, against spend reports our
/// writer produced (<c>reports/spend/date=…/part-&lt;jobId&gt;.parquet</c> in a temp folder) and checks every answer
/// against sums computed from the same ledger lines.
/// </summary>
public sealed partial class SpendReportQueriesTests : IDisposable
{
    private const string JobA = "job_readme_a";
    private const string JobB = "job_readme_b";
    private readonly string _root = Directory.CreateTempSubdirectory("bi-readme-queries-").FullName;
    private readonly IReadOnlyList<LedgerEntry> _entries = SpendLedgerSample.Entries(JobA, JobB);

    [Fact]
    public async Task ReadmeQueries_OverOurSpendReports_MatchTheLedgerSums()
    {
        await WriteSpendReportsAsync();
        var queries = ReadmeQueries();
        Assert.Equal(5, queries.Count);

        var byDayModel = await RunAsync(queries[0]);
        var expectedDayModel = _entries.GroupBy(e => (Day: SpendLedgerSample.Day(e), e.Model))
            .OrderBy(g => g.Key.Day, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedDayModel.Count, byDayModel.Count);
        for (var i = 0; i < byDayModel.Count; i++)
        {
            Assert.Equal(expectedDayModel[i].Key.Day, Text(byDayModel[i], "charge_date"));
            Assert.Equal(expectedDayModel[i].Key.Model, Text(byDayModel[i], "model"));
            Assert.Equal(expectedDayModel[i].Count(), long.Parse(Text(byDayModel[i], "requests"), CultureInfo.InvariantCulture));
            Assert.Equal(expectedDayModel[i].Sum(e => e.EffectiveCost), Money(byDayModel[i], "effective_usd"));
            Assert.Equal(expectedDayModel[i].Sum(SpendLedgerSample.Realtime), Money(byDayModel[i], "realtime_list_usd"));
            Assert.Equal(expectedDayModel[i].Sum(e => SpendLedgerSample.Realtime(e) - e.EffectiveCost), Money(byDayModel[i], "savings_usd"));
        }

        var byTeam = await RunAsync(queries[1]);
        var expectedTeams = _entries.GroupBy(e => e.Tags.TryGetValue("team", out var team) ? team : "(untagged)")
            .ToDictionary(g => g.Key, g => g.Sum(e => e.EffectiveCost));
        Assert.Equal(expectedTeams.Count, byTeam.Count);
        Assert.All(byTeam, row => Assert.Equal(expectedTeams[Text(row, "team")], Money(row, "effective_usd")));
        Assert.Equal(expectedTeams.Values.Max(), Money(byTeam[0], "effective_usd"));

        var byTier = await RunAsync(queries[2]);
        Assert.Equal(["batch", "flex", "realtime"], byTier.Select(r => Text(r, "tier")));
        foreach (var row in byTier)
        {
            var lines = _entries.Where(e => e.Tier == Text(row, "tier")).ToList();
            var savings = lines.Sum(e => SpendLedgerSample.Realtime(e) - e.EffectiveCost);
            Assert.Equal(savings, Money(row, "savings_usd"));
            Assert.Equal(Math.Round(100m * savings / lines.Sum(SpendLedgerSample.Realtime), 1), Money(row, "savings_pct"));
        }

        var topJobs = await RunAsync(queries[3]);
        var expectedJobs = _entries.GroupBy(e => e.JobId).OrderByDescending(g => g.Sum(e => e.EffectiveCost)).ToList();
        Assert.Equal(expectedJobs.Select(g => g.Key), topJobs.Select(r => Text(r, "job")));
        Assert.Equal(expectedJobs[0].Sum(e => e.OutputTokens), long.Parse(Text(topJobs[0], "output_tokens"), CultureInfo.InvariantCulture));

        var oneDay = await RunAsync(queries[4]);
        var day1 = _entries.Where(e => SpendLedgerSample.ChargeDate(e) == SpendLedgerSample.Day1).ToList();
        Assert.Equal(day1.Count, oneDay.Sum(r => long.Parse(Text(r, "requests"), CultureInfo.InvariantCulture)));
        Assert.Equal(day1.Sum(e => e.EffectiveCost), oneDay.Sum(r => Money(r, "effective_usd")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // One file per (date, job), named as the pipeline names them.
    private async Task WriteSpendReportsAsync()
    {
        foreach (var group in _entries.GroupBy(e => (Day: SpendLedgerSample.Day(e), e.JobId)))
        {
            var folder = Directory.CreateDirectory(Path.Combine(_root, "reports", "spend", "date=" + group.Key.Day)).FullName;
            await using var file = File.Create(Path.Combine(folder, $"part-{group.Key.JobId}.parquet"));
            await SpendReportWriter.WriteAsync(group.ToAsyncEnumerable(), file);
        }
    }

    private Task<IReadOnlyList<JsonElement>> RunAsync(string readmeSql) =>
        DuckDbQuery.QueryAsync(readmeSql.Replace("'reports/spend/", "'" + _root.Replace('\\', '/') + "/reports/spend/", StringComparison.Ordinal));

    private static List<string> ReadmeQueries()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("## For data teams: the spend report", StringComparison.Ordinal);
        Assert.True(start >= 0, "The README has no data-team section.");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        return [.. SqlBlock().Matches(section).Select(m => m.Groups[1].Value)];
    }

    private static string Text(JsonElement row, string column) => row.GetProperty(column).ToString();

    private static decimal Money(JsonElement row, string column) => decimal.Parse(Text(row, column), CultureInfo.InvariantCulture);

    [GeneratedRegex("```sql\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
