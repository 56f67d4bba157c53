using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Tests.TierScenarios;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.ResultCache;

/// <summary>
/// The exact result cache end to end on Azurite and the emulator: a job run again with <c>result_cache: exact</c> makes
/// no billable call and costs nothing, its output is the first run's but for the per-line ids and the <c>bi_cache</c>
/// marker, the ledger and the FOCUS report carry the hits and what they avoided; other scopes and sampled requests get
/// no hits unless the job opts in.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ResultCacheScenarioTests(AzuriteFixture azurite)
{
    private const string Model = TierCatalogs.Model;

    private static string Settings(string team, string mode = "exact") =>
        $$$"""{"completion_window":"60s","tier_policy":"realtime","result_cache":"{{{mode}}}","tags":{"team":"{{{team}}}","project":"rcache"}}""";

    private static string Team() => "rcache-" + Guid.NewGuid().ToString("N")[..12];

    // Chat lines; the body of line i is bodyOf(i).
    private static byte[] Input(int lines, Func<int, string> bodyOf, string idPrefix = "req")
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""{"custom_id":"{{idPrefix}}-{{i}}","method":"POST","url":"/v1/chat/completions","body":{{bodyOf(i)}}}""").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Deterministic(int i) =>
        $$"""{"model":"{{Model}}","temperature":0,"max_tokens":24,"messages":[{"role":"user","content":"Summarise item {{i}}"}]}""";

    private static int Billable(TierHarness tiers) => tiers.BillableByTier().Values.Sum();

    [Fact]
    public async Task SameJobTwice_SecondRunMakesNoCall_CostsNothing_SameOutputButIds_LedgerAndReportCarryTheHits()
    {
        const int lines = 70; // two shards of at most 60
        await using var tiers = await TierHarness.StartAsync(azurite);
        var team = Team();
        var input = Input(lines, Deterministic);

        var (first, firstSummary) = await tiers.RunAsync(input, Settings(team));
        var billed = Billable(tiers);
        var (second, summary) = await tiers.RunAsync(input, Settings(team));

        Assert.Equal(lines, billed);
        Assert.Equal(billed, Billable(tiers)); // the emulator saw no call of the second run
        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal((long)lines, summary.Counts.Succeeded);
        Assert.Equal(0m, summary.Cost.EffectiveUsd);
        Assert.Equal((long)lines, summary.Cost.ResultCacheHits);
        Assert.True(firstSummary.Cost.ListUsd > 0);
        Assert.Equal(firstSummary.Cost.ListUsd, summary.Cost.SavingsByLever.ResultCacheUsd); // every avoided call at its real-time list price
        Assert.Equal(0L, firstSummary.Cost.ResultCacheHits);

        var firstOutput = await OutputAsync(tiers, first);
        var secondOutput = await OutputAsync(tiers, second);
        Assert.Equal(lines, secondOutput.Count);
        Assert.Equal(firstOutput.Select(WithoutPerCallFields), secondOutput.Select(WithoutPerCallFields));
        Assert.All(firstOutput, o => Assert.Null(o["bi_cache"]));
        Assert.All(secondOutput.Zip(firstOutput), pair =>
        {
            Assert.NotEqual(pair.Second["id"]!.GetValue<string>(), pair.First["id"]!.GetValue<string>());
            Assert.True(pair.First["bi_cache"]!["hit"]!.GetValue<bool>());
            Assert.Equal(first, pair.First["bi_cache"]!["source_job"]!.GetValue<string>());
        });

        var ledger = await tiers.Engine.ReadLedgerAsync(second);
        var firstLedger = await tiers.Engine.ReadLedgerAsync(first);
        Assert.Equal(lines, ledger.Count);
        Assert.All(ledger, e => Assert.True(e.ResultCacheHit));
        Assert.All(ledger, e => Assert.Equal((0m, 0m, 0L, 0, "result_cache"), (e.EffectiveCost, e.ListCost, e.InputTokens, e.Attempt, e.Tier)));
        Assert.Equal(
            firstLedger.ToDictionary(e => e.CustomId, e => e.RealtimeListCost ?? e.ListCost),
            ledger.ToDictionary(e => e.CustomId, e => e.AvoidedCost!.Value));

        var report = Assert.Single(await DuckDbQuery.QueryAsync($"""
            SELECT count(*) FILTER (WHERE x_ResultCacheHit) AS hits, CAST(sum(x_AvoidedCost) AS VARCHAR) AS avoided,
                   CAST(sum(BilledCost) AS VARCHAR) AS billed, CAST(sum(x_PromptCacheSavings) AS VARCHAR) AS prompt_cache
            FROM read_parquet([{string.Join(", ", (await tiers.Engine.DownloadSpendReportsAsync(second)).Select(DuckDbQuery.Literal))}]);
            """));
        Assert.Equal(lines.ToString(CultureInfo.InvariantCulture), report.GetProperty("hits").ToString());
        Assert.Equal(firstSummary.Cost.ListUsd, Money(report, "avoided"));
        Assert.Equal(0m, Money(report, "billed"));
        Assert.Equal(0m, Money(report, "prompt_cache"));

        // summary.json names the levers as documented.
        using var json = JsonDocument.Parse((await tiers.Engine.Blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, StorageLayout.Summary(second)))!.Content.ToMemory());
        var levers = json.RootElement.GetProperty("cost").GetProperty("savings_by_lever");
        Assert.Equal(firstSummary.Cost.ListUsd, levers.GetProperty("result_cache_usd").GetDecimal());
        Assert.Equal(0m, levers.GetProperty("tier_usd").GetDecimal());
        Assert.Equal(lines, json.RootElement.GetProperty("cost").GetProperty("result_cache_hits").GetInt32());
    }

    [Fact]
    public async Task AnswersOfAProviderBatch_AreStoredToo_ARealtimeRerunHitsThem()
    {
        const int lines = 10;
        await using var tiers = await TierHarness.StartAsync(azurite);
        var team = Team();
        var input = Input(lines, Deterministic);

        var (_, first) = await tiers.RunAsync(input, Settings(team).Replace("\"tier_policy\":\"realtime\"", "\"tier_policy\":\"batch\"", StringComparison.Ordinal));
        var (_, second) = await tiers.RunAsync(input, Settings(team));

        Assert.Equal(lines, first.Tiers["batch"]);
        Assert.Equal(new Dictionary<string, int> { ["batch"] = lines }, tiers.BillableByTier());
        Assert.Equal((long)lines, second.Cost.ResultCacheHits);
        Assert.Equal(first.Cost.ListUsd, second.Cost.SavingsByLever.ResultCacheUsd); // avoided at the real-time list price, not the batch price paid
        Assert.Equal(lines, second.Tiers["result_cache"]);
    }

    [Fact]
    public async Task AnotherScope_GetsNoHits()
    {
        const int lines = 8;
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = Input(lines, Deterministic);

        await tiers.RunAsync(input, Settings(Team()));
        var (other, summary) = await tiers.RunAsync(input, Settings(Team()));

        Assert.Equal(2 * lines, Billable(tiers));
        Assert.Equal(0L, summary.Cost.ResultCacheHits);
        Assert.All(await OutputAsync(tiers, other), o => Assert.Null(o["bi_cache"]));
        Assert.All(await tiers.Engine.ReadLedgerAsync(other), e => Assert.False(e.ResultCacheHit));
    }

    [Fact]
    public async Task SampledRequests_AreNotCachedUnderExact_OnlyWithExactAny()
    {
        const int lines = 6;
        await using var tiers = await TierHarness.StartAsync(azurite);
        var team = Team();
        var input = Input(lines, i => $$"""{"model":"{{Model}}","temperature":1,"max_tokens":24,"messages":[{"role":"user","content":"Write about {{i}}"}]}""");

        await tiers.RunAsync(input, Settings(team, "exact_any")); // stores every answer
        var (_, exact) = await tiers.RunAsync(input, Settings(team)); // temperature 1, no seed: not looked up
        var afterExact = Billable(tiers);
        var (_, any) = await tiers.RunAsync(input, Settings(team, "exact_any"));

        Assert.Equal(2 * lines, afterExact);
        Assert.Equal(0L, exact.Cost.ResultCacheHits);
        Assert.Equal(afterExact, Billable(tiers));
        Assert.Equal((long)lines, any.Cost.ResultCacheHits);
    }

    [Fact]
    public async Task ReorderedKeysWhitespaceAndOtherCustomIds_StillHit()
    {
        const int lines = 5;
        await using var tiers = await TierHarness.StartAsync(azurite);
        var team = Team();

        await tiers.RunAsync(Input(lines, Deterministic), Settings(team));
        var reordered = Input(
            lines,
            i => $$"""{ "messages": [ { "content": "Summarise item {{i}}", "role": "user" } ], "max_tokens": 24, "temperature": 0, "model": "{{Model}}" }""",
            idPrefix: "other");
        var (job, summary) = await tiers.RunAsync(reordered, Settings(team));

        Assert.Equal(lines, Billable(tiers));
        Assert.Equal((long)lines, summary.Cost.ResultCacheHits);
        Assert.Equal(
            Enumerable.Range(0, lines).Select(i => $"other-{i}"),
            (await OutputAsync(tiers, job)).Select(o => o["custom_id"]!.GetValue<string>()));
    }

    private static async Task<List<JsonObject>> OutputAsync(TierHarness tiers, string jobId)
    {
        var content = await tiers.Engine.Blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, StorageLayout.Output(jobId));
        return [.. content!.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    private static string WithoutPerCallFields(JsonObject line)
    {
        var copy = line.DeepClone().AsObject();
        copy.Remove("id");
        copy.Remove("bi_cache");
        return copy.ToJsonString();
    }

    private static decimal Money(JsonElement row, string name) =>
        decimal.Parse(row.GetProperty(name).GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
}
