using System.Globalization;
using BatchInference.Cli.Tests.Commands;
using BatchInference.Ledger.Spend;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Reporting;

/// <summary>
/// The real <c>bi report</c> over hand-made ledger parts in Azurite. Every run names its two jobs with --job, because
/// other tests of the collection leave ledgers of their own in the same account.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ReportCommandTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Report_CsvByJobDayModelTier_EveryGroupSumsExactly()
    {
        var (parts, entries, jobs) = await StartAsync();
        await using var _ = parts;

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs, "--by", "job", "--by", "day", "--by", "model", "--by", "tier", "--format", "csv"]);

        Assert.True(result.ExitCode == 0, result.Describe());
        var rows = Csv.Parse(result.StandardOutput);
        Assert.Equal(
            "job_id,day,model,tier,requests,input_tokens,cached_input_tokens,output_tokens,effective_cost,list_cost_realtime,savings,savings_percent,unpriced_requests,"
            + "prompt_cache_savings,result_cache_hits,result_cache_avoided_cost",
            string.Join(',', rows[0]));
        var expected = entries.GroupBy(e => (e.JobId, Day: SpendLedgerSample.Day(e), e.Model, e.Tier)).ToList();
        Assert.Equal(expected.Count, rows.Count - 1);
        foreach (var group in expected)
        {
            var row = Assert.Single(rows, r => r[0] == group.Key.JobId && r[1] == group.Key.Day && r[2] == group.Key.Model && r[3] == group.Key.Tier);
            AssertSums(group.ToList(), row.AsSpan(4));
        }
    }

    [Fact]
    public async Task Report_SingleDayByTag_KeepsOnlyLinesChargedThatUtcDay()
    {
        var (parts, entries, jobs) = await StartAsync();
        await using var _ = parts;

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs, "--from", "2025-03-15", "--to", "2025-03-15", "--by", "tag", "--format", "csv"]);

        Assert.True(result.ExitCode == 0, result.Describe());
        var rows = Csv.Parse(result.StandardOutput);
        Assert.Equal("tag_team", rows[0][0]);
        var day2 = entries.Where(e => SpendLedgerSample.ChargeDate(e) == SpendLedgerSample.Day2).ToList();
        Assert.True(day2.Count < entries.Count && day2.Count > 0);
        Assert.Equal(["", "ads", "search"], rows.Skip(1).Select(r => r[0]));
        foreach (var row in rows.Skip(1))
        {
            AssertSums([.. day2.Where(e => (e.Tags.TryGetValue("team", out var team) ? team : string.Empty) == row[0])], row.AsSpan(1));
        }
    }

    [Fact]
    public async Task Report_ParquetByTierAndProvider_DuckDbReadsTheSameSums()
    {
        var (parts, entries, jobs) = await StartAsync();
        await using var _ = parts;
        var file = Path.Combine(parts.WorkDirectory, "spend.parquet");

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs, "--by", "tier", "--by", "provider", "--format", "parquet", "--out", file]);

        Assert.True(result.ExitCode == 0, result.Describe());
        var rows = await DuckDbQuery.QueryAsync(
            $"SELECT tier, provider, requests, input_tokens, cached_input_tokens, output_tokens, effective_cost, list_cost_realtime, savings, savings_percent, typeof(effective_cost) AS money_type FROM read_parquet({DuckDbQuery.Literal(file)}) ORDER BY tier, provider");
        var expected = entries.GroupBy(e => (e.Tier, e.Provider)).OrderBy(g => g.Key.Tier, StringComparer.Ordinal).ThenBy(g => g.Key.Provider, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal(expected[i].Key.Tier, row.GetProperty("tier").GetString());
            Assert.Equal(expected[i].Key.Provider, row.GetProperty("provider").GetString());
            Assert.Equal("DECIMAL(18,12)", row.GetProperty("money_type").GetString());
            string?[] values = [.. new[] { "requests", "input_tokens", "cached_input_tokens", "output_tokens", "effective_cost", "list_cost_realtime", "savings", "savings_percent" }
                .Select(name => row.GetProperty(name).ToString())];
            AssertSums([.. expected[i]], values);
        }
    }

    [Fact]
    public async Task Report_ParquetGroupsOfAMillionDollarsAndMore_DuckDbReadsEveryDigit()
    {
        // One job's lines sum to exactly $1,000,000 (DECIMAL(18,12) stops just below it, so the file falls back to
        // DECIMAL(38,12)); the other's single line is close to the largest amount a ledger decimal with 12 places can hold.
        var (parts, jobs) = await StartWithCostsAsync([999_999.999999999999m, 0.000000000001m], [12_345_678_901_234_567.123456789012m]);
        await using var _ = parts;
        var file = Path.Combine(parts.WorkDirectory, "millions.parquet");

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs.Arguments, "--by", "job", "--format", "parquet", "--out", file]);

        Assert.True(result.ExitCode == 0, result.Describe());
        var rows = await DuckDbQuery.QueryAsync(
            $"SELECT job_id, effective_cost::VARCHAR AS effective, list_cost_realtime::VARCHAR AS realtime, savings::VARCHAR AS savings, typeof(effective_cost) AS money_type FROM read_parquet({DuckDbQuery.Literal(file)}) ORDER BY effective_cost");
        Assert.All(rows, r => Assert.Equal("DECIMAL(38,12)", r.GetProperty("money_type").GetString()));
        Assert.Equal(
            [
                (jobs.A, "1000000.000000000000", "2000000.000000000000", "1000000.000000000000"),
                (jobs.B, "12345678901234567.123456789012", "24691357802469134.246913578024", "12345678901234567.123456789012"),
            ],
            rows.Select(r => (r.GetProperty("job_id").GetString(), r.GetProperty("effective").GetString(), r.GetProperty("realtime").GetString(), r.GetProperty("savings").GetString())));
    }

    [Fact]
    public async Task Report_ParquetWriteFailsPartWay_LeavesNoPartialFileAndKeepsTheOldOne()
    {
        // A cost with 13 decimals cannot be stored in DECIMAL(18,12) without rounding, so the writer stops on that
        // group, after the first group's row was already written.
        var (parts, jobs) = await StartWithCostsAsync([1.5m], [0.0000000000001m]);
        await using var _ = parts;
        var directory = Directory.CreateDirectory(Path.Combine(parts.WorkDirectory, "out")).FullName;
        var existing = Path.Combine(directory, "existing.parquet");
        await File.WriteAllTextAsync(existing, "last week's report");
        var fresh = Path.Combine(directory, "fresh.parquet");

        var overwrite = await parts.RunBiAsync(Timeout, ["report", .. jobs.Arguments, "--by", "job", "--format", "parquet", "--out", existing]);
        var create = await parts.RunBiAsync(Timeout, ["report", .. jobs.Arguments, "--by", "job", "--format", "parquet", "--out", fresh]);

        Assert.True(overwrite.ExitCode != 0, overwrite.Describe());
        Assert.True(create.ExitCode != 0, create.Describe());
        Assert.Equal("last week's report", await File.ReadAllTextAsync(existing));
        Assert.Equal([existing], Directory.GetFiles(directory));
    }

    [Fact]
    public async Task Report_Table_ShowsEachModelAndTheTotalWithSixDecimals()
    {
        var (parts, entries, jobs) = await StartAsync();
        await using var _ = parts;

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs, "--by", "model"]);

        Assert.True(result.ExitCode == 0, result.Describe());
        foreach (var model in entries.GroupBy(e => e.Model))
        {
            Assert.Contains($"│ {model.Key} │ {model.Count()} │", result.FlatOutput, StringComparison.Ordinal);
            Assert.Contains(Six(model.Sum(e => e.EffectiveCost)), result.FlatOutput, StringComparison.Ordinal);
        }

        Assert.Matches($"│ Total │ {entries.Count} │ .* │ {Six(entries.Sum(e => e.EffectiveCost))} │ {Six(entries.Sum(SpendLedgerSample.Realtime))} │", result.FlatOutput);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    public async Task Report_UnpricedLines_CountedPerGroupAndNamedWithTheirModels(string format)
    {
        var parts = await ConfiguredParts.StartAsync(azurite);
        await using var _ = parts;
        var job = "job_rpt_u_" + Guid.NewGuid().ToString("N")[..10];
        var template = SpendLedgerSample.Entries(job, job + "-other").First(e => e.JobId == job && e.Tier == "realtime");
        var lines = Enumerable.Range(0, 5).Select(i => i < 3
            ? template with { CustomId = $"u-{i}", Model = "my-fine-tune-7b", ListCost = 0m, EffectiveCost = 0m, RealtimeListCost = 0m, Unpriced = true, PricedAs = null }
            : template with { CustomId = $"p-{i}" }).ToList();
        await parts.Blobs.CreateContainerIfNotExistsAsync("ledger");
        await parts.Blobs.UploadAsync("ledger", $"{job}/part-00000.jsonl", SpendLedgerSample.Part(lines));

        var result = await parts.RunBiAsync(Timeout, ["report", "--job", job, "--by", "model", "--format", format]);

        Assert.True(result.ExitCode == 0, result.Describe());
        var warning = "3 ledger line(s) unpriced (model my-fine-tune-7b 3): cost not included.";
        if (format == "csv")
        {
            Assert.Contains(warning, result.FlatError, StringComparison.Ordinal); // stderr: the CSV on stdout stays parseable
            var rows = Csv.Parse(result.StandardOutput);
            var unpriced = Array.IndexOf(rows[0], "unpriced_requests");
            Assert.Equal("3", Assert.Single(rows, r => r[0] == "my-fine-tune-7b")[unpriced]);
            Assert.Equal("0", Assert.Single(rows, r => r[0] == template.Model)[unpriced]);
        }
        else
        {
            Assert.Contains(warning, result.FlatOutput, StringComparison.Ordinal);
            Assert.Contains("Unpriced", result.FlatOutput, StringComparison.Ordinal);
            Assert.Contains("│ my-fine-tune-7b │ 3 │", result.FlatOutput, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    public async Task Report_SavingsByLever_TierPromptCacheAndResultCache(string format)
    {
        var parts = await ConfiguredParts.StartAsync(azurite);
        await using var _ = parts;
        var job = "job_rpt_l_" + Guid.NewGuid().ToString("N")[..10];
        var template = SpendLedgerSample.Entries(job, job + "-other").First(e => e.JobId == job && e.Tier == "batch");
        var paid = Enumerable.Range(0, 3).Select(i => template with
        {
            CustomId = $"p-{i}", EffectiveCost = 0.5m, ListCost = 0.5m, RealtimeListCost = 1m, PromptCacheSavings = 0.25m,
        });
        var hits = Enumerable.Range(0, 2).Select(i => template with
        {
            CustomId = $"h-{i}", Attempt = 0, Tier = "result_cache", InputTokens = 0, CachedInputTokens = 0, OutputTokens = 0, ReasoningTokens = 0,
            EffectiveCost = 0m, ListCost = 0m, RealtimeListCost = 0m, ResultCacheHit = true, AvoidedCost = 2m,
        });
        await parts.Blobs.CreateContainerIfNotExistsAsync("ledger");
        await parts.Blobs.UploadAsync("ledger", $"{job}/part-00000.jsonl", SpendLedgerSample.Part([.. paid, .. hits]));

        var result = await parts.RunBiAsync(Timeout, ["report", "--job", job, "--by", "tier", "--format", format]);

        Assert.True(result.ExitCode == 0, result.Describe());
        if (format == "csv")
        {
            var rows = Csv.Parse(result.StandardOutput);
            string Cell(string tier, string column) => Assert.Single(rows, r => r[0] == tier)[Array.IndexOf(rows[0], column)]!;
            Assert.Equal(("3", "0.75", "0", "0"), (Cell("batch", "requests"), Cell("batch", "prompt_cache_savings"), Cell("batch", "result_cache_hits"), Cell("batch", "result_cache_avoided_cost")));
            Assert.Equal(("0", "2", "4"), (Cell("result_cache", "requests"), Cell("result_cache", "result_cache_hits"), Cell("result_cache", "result_cache_avoided_cost")));
        }
        else
        {
            Assert.Contains(
                "Savings by lever: tier 1.500000, prompt cache 0.750000, result cache 4.000000 (2 hit(s)).", result.FlatOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Report_EveryLinePriced_NoUnpricedColumnOrWarning()
    {
        var (parts, _, jobs) = await StartAsync();
        await using var _ = parts;

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs, "--by", "model"]);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.DoesNotContain("npriced", result.FlatOutput + result.FlatError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_RangeWithoutSpend_SaysNoSpendAndExitsZero()
    {
        var (parts, _, jobs) = await StartAsync();
        await using var __ = parts;

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs, "--from", "2025-03-16", "--by", "day"]);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("No spend since 2025-03-16", result.FlatOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Total", result.FlatOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "2025-3-14", "--from '2025-3-14' is not a date")]
    [InlineData("--to", "yesterday", "--to 'yesterday' is not a date")]
    public async Task Report_BadDate_ExitsTwoWithAMessage(string option, string value, string message)
    {
        var (parts, _, jobs) = await StartAsync();
        await using var _ = parts;

        var result = await parts.RunBiAsync(Timeout, ["report", .. jobs, option, value]);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains(message, result.FlatError, StringComparison.Ordinal);
    }

    private static void AssertSums(IReadOnlyList<LedgerEntry> lines, ReadOnlySpan<string?> values)
    {
        Assert.NotEmpty(lines);
        Assert.Equal(lines.Count, long.Parse(values[0]!, CultureInfo.InvariantCulture));
        Assert.Equal(lines.Sum(e => e.InputTokens), long.Parse(values[1]!, CultureInfo.InvariantCulture));
        Assert.Equal(lines.Sum(e => e.CachedInputTokens), long.Parse(values[2]!, CultureInfo.InvariantCulture));
        Assert.Equal(lines.Sum(e => e.OutputTokens), long.Parse(values[3]!, CultureInfo.InvariantCulture));
        var effective = lines.Sum(e => e.EffectiveCost);
        var realtime = lines.Sum(SpendLedgerSample.Realtime);
        Assert.Equal(effective, decimal.Parse(values[4]!, CultureInfo.InvariantCulture));
        Assert.Equal(realtime, decimal.Parse(values[5]!, CultureInfo.InvariantCulture));
        Assert.Equal(realtime - effective, decimal.Parse(values[6]!, CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round((realtime - effective) * 100m / realtime, 4, MidpointRounding.AwayFromZero), decimal.Parse(values[7]!, CultureInfo.InvariantCulture));
    }

    private static string Six(decimal value) => value.ToString("F6", CultureInfo.InvariantCulture);

    // Two jobs whose lines cost exactly the amounts given (real time would have cost twice as much).
    private async Task<(ConfiguredParts Parts, (string A, string B, string[] Arguments) Jobs)> StartWithCostsAsync(decimal[] costsA, decimal[] costsB)
    {
        var parts = await ConfiguredParts.StartAsync(azurite);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (jobA, jobB) = ("job_rpt_m_" + suffix, "job_rpt_n_" + suffix);
        var template = SpendLedgerSample.Entries(jobA, jobB).First(e => e.Tier == "batch");
        await parts.Blobs.CreateContainerIfNotExistsAsync("ledger");
        foreach (var (job, costs) in new[] { (jobA, costs: costsA), (jobB, costs: costsB) })
        {
            var lines = costs.Select((cost, i) => template with
            {
                JobId = job, CustomId = $"req-{i}", Line = i + 1, ListCost = cost, EffectiveCost = cost, RealtimeListCost = cost * 2,
            });
            await parts.Blobs.UploadAsync("ledger", $"{job}/part-00000.jsonl", SpendLedgerSample.Part(lines));
        }

        return (parts, (jobA, jobB, ["--job", jobA, "--job", jobB]));
    }

    // Uploads job A's lines as two parts and job B's as one; returns the --job arguments naming both.
    private async Task<(ConfiguredParts Parts, IReadOnlyList<LedgerEntry> Entries, string[] JobArguments)> StartAsync()
    {
        var parts = await ConfiguredParts.StartAsync(azurite);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (jobA, jobB) = ("job_rpt_a_" + suffix, "job_rpt_b_" + suffix);
        var entries = SpendLedgerSample.Entries(jobA, jobB);
        await parts.Blobs.CreateContainerIfNotExistsAsync("ledger");
        var a = entries.Where(e => e.JobId == jobA).ToList();
        await parts.Blobs.UploadAsync("ledger", $"{jobA}/part-00000.jsonl", SpendLedgerSample.Part(a.Take(7)));
        await parts.Blobs.UploadAsync("ledger", $"{jobA}/part-00001.jsonl", SpendLedgerSample.Part(a.Skip(7)));
        await parts.Blobs.UploadAsync("ledger", $"{jobB}/part-00000.jsonl", SpendLedgerSample.Part(entries.Where(e => e.JobId == jobB)));
        return (parts, entries, ["--job", jobA, "--job", jobB]);
    }
}
