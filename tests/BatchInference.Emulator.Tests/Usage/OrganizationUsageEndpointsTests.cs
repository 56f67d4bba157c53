using System.Globalization;
using System.Net;
using System.Text.Json;
using BatchInference.Emulator.Usage;
using BatchInference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Usage;

public sealed class OrganizationUsageEndpointsTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly long Day1Start = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task GetCompletionsUsage_CallsOnTwoDays_ReturnsDayBucketsByModelWithLoggedTokens()
    {
        var clock = new FakeTimeProvider(Day1);
        await using var server = await TestEmulator.StartAsync(time: clock);
        using var client = TestEmulator.Client(server);
        await ChatAsync(client, "first question", "gpt-4o-mini");
        await ChatAsync(client, "second, longer question for the model", "gpt-4o-mini");
        await ChatAsync(client, "third", "gpt-4o");
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", "{")).Dispose(); // 400: not billable
        (await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-3-small","input":"abc"}""")).Dispose();
        clock.Advance(TimeSpan.FromDays(1));
        await ChatAsync(client, "next day", "gpt-4o");

        var page = await GetAsync(client, $"v1/organization/usage/completions?start_time={Day1Start + 3600}&end_time={Day1Start + (2 * 86_400)}&group_by=model,batch");

        var records = server.RequestLog.Snapshot().Where(r => r.Billable && r.Path == "/v1/chat/completions").ToList();
        Assert.Equal("page", page.GetProperty("object").GetString());
        Assert.False(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_page").ValueKind);
        var buckets = page.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Equal(Day1Start, buckets[0].GetProperty("start_time").GetInt64());
        Assert.Equal(Day1Start + 86_400, buckets[0].GetProperty("end_time").GetInt64());
        Assert.Equal("bucket", buckets[0].GetProperty("object").GetString());

        var day1 = buckets[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], day1.Select(r => r.GetProperty("model").GetString()));
        var mini = day1[1];
        var miniRecords = records.Where(r => r.Model == "gpt-4o-mini" && r.At.Day == 10).ToList();
        Assert.Equal("organization.usage.completions.result", mini.GetProperty("object").GetString());
        Assert.Equal(2, mini.GetProperty("num_model_requests").GetInt64());
        Assert.Equal(miniRecords.Sum(r => r.PromptTokens), mini.GetProperty("input_tokens").GetInt64());
        Assert.Equal(miniRecords.Sum(r => r.CompletionTokens), mini.GetProperty("output_tokens").GetInt64());
        Assert.Equal(miniRecords.Sum(r => r.CachedTokens), mini.GetProperty("input_cached_tokens").GetInt64());
        Assert.False(mini.GetProperty("batch").GetBoolean());
        Assert.Equal(JsonValueKind.Null, mini.GetProperty("project_id").ValueKind);

        var day2 = Assert.Single(buckets[1].GetProperty("results").EnumerateArray());
        Assert.Equal("gpt-4o", day2.GetProperty("model").GetString());
        Assert.Equal(1, day2.GetProperty("num_model_requests").GetInt64());
    }

    [Fact]
    public async Task GetEmbeddingsUsage_EmbeddingCalls_AreReportedThereAndNotInCompletions()
    {
        await using var server = await TestEmulator.StartAsync(o => o.UsageDiscrepancies = [new UsageDiscrepancy(DateOnly.FromDateTime(Day1.UtcDateTime), "text-embedding-3-small", 5, 5, 0)],
            new FakeTimeProvider(Day1));
        using var client = TestEmulator.Client(server);
        (await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-3-small","input":"abc"}""")).Dispose();
        (await TestEmulator.PostJsonAsync(client, "v1/embeddings", """{"model":"text-embedding-3-small","input":"a longer text to embed"}""")).Dispose();
        await ChatAsync(client, "a question", "gpt-4o-mini");

        var embeddings = await GetAsync(client, $"v1/organization/usage/embeddings?start_time={Day1Start}&group_by=model");
        var completions = await GetAsync(client, $"v1/organization/usage/completions?start_time={Day1Start}&group_by=model");

        var result = Assert.Single(embeddings.GetProperty("data")[0].GetProperty("results").EnumerateArray());
        var logged = server.RequestLog.Snapshot().Where(r => r.Billable && r.Path == "/v1/embeddings").ToList();
        Assert.Equal("organization.usage.embeddings.result", result.GetProperty("object").GetString());
        Assert.Equal("text-embedding-3-small", result.GetProperty("model").GetString());
        Assert.Equal(2, result.GetProperty("num_model_requests").GetInt64()); // discrepancies show in completions and costs only
        Assert.Equal(logged.Sum(r => r.PromptTokens), result.GetProperty("input_tokens").GetInt64());
        Assert.False(result.TryGetProperty("output_tokens", out _));
        Assert.DoesNotContain(
            completions.GetProperty("data")[0].GetProperty("results").EnumerateArray(),
            r => r.GetProperty("model").GetString() == "text-embedding-3-small" && r.GetProperty("num_model_requests").GetInt64() == 2);
    }

    [Fact]
    public async Task GetCompletionsUsage_ClaudeDiscrepancy_BelongsToAnthropicNotToOpenAI()
    {
        await using var server = await TestEmulator.StartAsync(
            o => o.UsageDiscrepancies = [new UsageDiscrepancy(DateOnly.FromDateTime(Day1.UtcDateTime), "claude-sonnet-4", 5, 500, 50)],
            new FakeTimeProvider(Day1));
        using var client = TestEmulator.Client(server);

        var page = await GetAsync(client, $"v1/organization/usage/completions?start_time={Day1Start}&group_by=model");

        Assert.Empty(page.GetProperty("data")[0].GetProperty("results").EnumerateArray());
    }

    [Fact]
    public async Task GetCompletionsUsage_NoGroupBy_SumsAllModelsWithNullModel()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Day1));
        using var client = TestEmulator.Client(server);
        await ChatAsync(client, "a", "gpt-4o-mini");
        await ChatAsync(client, "b", "gpt-4o");

        var page = await GetAsync(client, $"v1/organization/usage/completions?start_time={Day1Start}");

        var result = Assert.Single(Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray());
        Assert.Equal(2, result.GetProperty("num_model_requests").GetInt64());
        Assert.Equal(server.RequestLog.Snapshot().Sum(r => r.PromptTokens), result.GetProperty("input_tokens").GetInt64());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("model").ValueKind);
    }

    [Fact]
    public async Task GetCompletionsUsage_LimitOne_PagesThroughEveryDayWithNextPage()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Day1));
        using var client = TestEmulator.Client(server);

        var starts = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetAsync(client, $"v1/organization/usage/completions?start_time={Day1Start}&end_time={Day1Start + (3 * 86_400)}&limit=1"
                + (cursor is null ? string.Empty : "&page=" + cursor));
            pages++;
            starts.AddRange(page.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("start_time").GetInt64()));
            cursor = page.GetProperty("has_more").GetBoolean() ? page.GetProperty("next_page").GetString() : null;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal([Day1Start, Day1Start + 86_400, Day1Start + (2 * 86_400)], starts);
    }

    [Fact]
    public async Task GetCosts_GroupByLineItem_PricesLoggedTokensWithTheOptionPrices()
    {
        var price = new UsagePrice("gpt-4o-mini", 0.15m, 0.075m, 0.60m);
        await using var server = await TestEmulator.StartAsync(o => o.Prices = [price], new FakeTimeProvider(Day1));
        using var client = TestEmulator.Client(server);
        await ChatAsync(client, "repeat me so the cache helps", "gpt-4o-mini");
        await ChatAsync(client, "repeat me so the cache helps", "gpt-4o-mini");
        await ChatAsync(client, "unpriced model", "gpt-4o");

        var page = await GetAsync(client, $"v1/organization/costs?start_time={Day1Start}&group_by=line_item");
        var total = await GetAsync(client, $"v1/organization/costs?start_time={Day1Start}");

        var mini = server.RequestLog.Snapshot().Where(r => r.Model == "gpt-4o-mini").ToList();
        var input = mini.Sum(r => (r.PromptTokens - r.CachedTokens) * price.InputPerMillion + (r.CachedTokens * price.CachedInputPerMillion)) / 1_000_000m;
        var output = mini.Sum(r => r.CompletionTokens * price.OutputPerMillion) / 1_000_000m;
        var results = Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["gpt-4o-mini, input", "gpt-4o-mini, output"], results.Select(r => r.GetProperty("line_item").GetString()));
        Assert.Equal(input, results[0].GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal(output, results[1].GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal("usd", results[0].GetProperty("amount").GetProperty("currency").GetString());
        Assert.Equal("organization.costs.result", results[0].GetProperty("object").GetString());
        var sum = Assert.Single(Assert.Single(total.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray());
        Assert.Equal(input + output, sum.GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null, sum.GetProperty("line_item").ValueKind);
    }

    [Fact]
    public async Task GetCompletionsUsage_DiscrepancyOption_AddsExtraUsageToThatModelAndDayOnly()
    {
        var day = DateOnly.FromDateTime(Day1.UtcDateTime);
        await using var server = await TestEmulator.StartAsync(
            o => o.UsageDiscrepancies = [new UsageDiscrepancy(day.AddDays(1), "gpt-4o-mini", 2, 500, 40)], new FakeTimeProvider(Day1));
        using var client = TestEmulator.Client(server);
        await ChatAsync(client, "a", "gpt-4o-mini");

        var page = await GetAsync(client, $"v1/organization/usage/completions?start_time={Day1Start}&end_time={Day1Start + (2 * 86_400)}&group_by[]=model");

        var buckets = page.GetProperty("data").EnumerateArray().ToList();
        var real = Assert.Single(buckets[0].GetProperty("results").EnumerateArray());
        Assert.Equal(1, real.GetProperty("num_model_requests").GetInt64());
        var extra = Assert.Single(buckets[1].GetProperty("results").EnumerateArray());
        Assert.Equal(2, extra.GetProperty("num_model_requests").GetInt64());
        Assert.Equal(500, extra.GetProperty("input_tokens").GetInt64());
        Assert.Equal(40, extra.GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task Usage_AdminKeySet_RefusesMissingOrWrongKeyAndIsNeverLoggedAsARequest()
    {
        await using var server = await TestEmulator.StartAsync(o => o.AdminApiKey = "sk-admin-secret", new FakeTimeProvider(Day1));
        using var client = TestEmulator.Client(server);
        var path = $"v1/organization/costs?start_time={Day1Start}";

        using var missing = await client.GetAsync(path);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-wrong");
        using var wrong = await client.GetAsync(path);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-admin-secret");
        using var right = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.DoesNotContain("sk-admin-secret", await wrong.Content.ReadAsStringAsync());
        Assert.Empty(server.RequestLog.Snapshot());
    }

    [Fact]
    public async Task GetUsageAndCosts_BatchAndFlexCalls_ReportedUnderTheirTierAtHalfPrice()
    {
        var clock = new FakeTimeProvider(Day1);
        var price = new UsagePrice("gpt-4o-mini", 0.15m, 0.075m, 0.60m);
        await using var server = await TestEmulator.StartAsync(o => o.Prices = [price], clock);
        using var client = TestEmulator.Client(server);
        await Batches.BatchHttp.StartBatchAsync(client, Batches.BatchHttp.ChatFile(2));
        clock.Advance(TimeSpan.FromMinutes(1));
        await ChatAsync(client, "standard call", "gpt-4o-mini");
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("flex call", extra: ""","service_tier":"flex" """))).Dispose();
        await Poll.UntilAsync(() => server.RequestLog.BillableCount == 4, "every call to be logged");

        var usage = await GetAsync(client, $"v1/organization/usage/completions?start_time={Day1Start}&group_by=model,batch,service_tier");
        var costs = await GetAsync(client, $"v1/organization/costs?start_time={Day1Start}&group_by=line_item");

        var results = Assert.Single(usage.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("batch").GetBoolean(), r.GetProperty("service_tier").GetString()), r => r.GetProperty("num_model_requests").GetInt64());
        Assert.Equal(2, results[(true, "default")]);
        Assert.Equal(1, results[(false, "flex")]);
        Assert.Equal(1, results[(false, "default")]);
        var records = server.RequestLog.Snapshot().Where(r => r.Billable).ToList();
        var items = Assert.Single(costs.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("line_item").GetString()!, r => r.GetProperty("amount").GetProperty("value").GetDecimal());
        foreach (var (tier, suffix, factor) in new[] { (EmulatorTiers.Realtime, "", 1m), (EmulatorTiers.Batch, " (batch)", 0.5m), (EmulatorTiers.Flex, " (flex)", 0.5m) })
        {
            var tierRecords = records.Where(r => r.Tier == tier).ToList();
            var output = tierRecords.Sum(r => r.CompletionTokens * price.OutputPerMillion) / 1_000_000m * factor;
            Assert.Equal(output, items["gpt-4o-mini, output" + suffix]);
        }
    }

    [Theory]
    [InlineData("", "start_time")]
    [InlineData("start_time=100&bucket_width=1h", "bucket_width")]
    [InlineData("start_time=100&limit=32", "limit")]
    [InlineData("start_time=100&group_by=line_item", "group_by")]
    [InlineData("start_time=100&end_time=50", "end_time")]
    [InlineData("start_time=100&page=bogus", "page")]
    public async Task GetCompletionsUsage_InvalidQuery_Returns400NamingTheParameter(string query, string param)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await client.GetAsync("v1/organization/usage/completions?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    internal static async Task ChatAsync(HttpClient client, string text, string model)
    {
        using var response = await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody(text, model));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, string.Create(CultureInfo.InvariantCulture, $"{path}: {(int)response.StatusCode} {text}"));
        return await TestEmulator.ReadJsonAsync(response);
    }
}
