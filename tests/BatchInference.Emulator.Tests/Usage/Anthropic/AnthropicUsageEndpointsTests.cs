using System.Globalization;
using System.Net;
using System.Text.Json;
using BatchInference.Emulator.Usage;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Usage.Anthropic;

public sealed class AnthropicUsageEndpointsTests
{
    private const string AdminKey = "sk-ant-admin-emulator-test";
    private static readonly DateTimeOffset Now = new(2026, 3, 12, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day1 = new(2026, 3, 10);
    private static readonly UsagePrice Sonnet = new("claude-sonnet-4", 3m, 0.30m, 15m);

    [Fact]
    public async Task GetMessagesUsage_DayWithOnlyOpenAICalls_ReturnsTheBucketWithNoResults()
    {
        await using var server = await StartAsync(o => o.UsageDiscrepancies = [new UsageDiscrepancy(Day1, "gpt-4o-mini", 1, 100, 10)]);
        using var client = TestEmulator.Client(server);
        (await TestEmulator.PostJsonAsync(client, "v1/chat/completions", TestEmulator.ChatBody("hello"))).EnsureSuccessStatusCode();

        var page = await GetAsync(client, "v1/organizations/usage_report/messages?starting_at=2026-03-12T05:00:00Z&group_by[]=model");

        var bucket = Assert.Single(page.GetProperty("data").EnumerateArray());
        Assert.Equal("2026-03-12T00:00:00Z", bucket.GetProperty("starting_at").GetString());
        Assert.Equal("2026-03-13T00:00:00Z", bucket.GetProperty("ending_at").GetString());
        Assert.Empty(bucket.GetProperty("results").EnumerateArray());
        Assert.False(page.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_page").ValueKind);
        Assert.DoesNotContain(server.RequestLog.Snapshot(), r => r.Path.StartsWith("/v1/organizations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetMessagesUsage_InjectedClaudeDiscrepancy_ReportedUnderItsModelAndStandardTier()
    {
        await using var server = await StartAsync(o => o.UsageDiscrepancies =
        [
            new UsageDiscrepancy(Day1, "claude-sonnet-4-20250514", 2, 1500, 300),
            new UsageDiscrepancy(Day1, "gpt-4o", 1, 999, 999),
        ]);
        using var client = TestEmulator.Client(server);

        var page = await GetAsync(
            client, "v1/organizations/usage_report/messages?starting_at=2026-03-10T00:00:00Z&ending_at=2026-03-11T00:00:00Z&group_by[]=model&group_by[]=service_tier");

        var result = Assert.Single(Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray());
        Assert.Equal("claude-sonnet-4-20250514", result.GetProperty("model").GetString());
        Assert.Equal("standard", result.GetProperty("service_tier").GetString());
        Assert.Equal(1500, result.GetProperty("uncached_input_tokens").GetInt64());
        Assert.Equal(0, result.GetProperty("cache_read_input_tokens").GetInt64());
        Assert.Equal(0, result.GetProperty("cache_creation").GetProperty("ephemeral_5m_input_tokens").GetInt64());
        Assert.Equal(0, result.GetProperty("cache_creation").GetProperty("ephemeral_1h_input_tokens").GetInt64());
        Assert.Equal(300, result.GetProperty("output_tokens").GetInt64());
        Assert.False(result.TryGetProperty("num_model_requests", out _));
    }

    [Fact]
    public async Task GetCostReport_GroupedByDescription_PricesEachTokenTypeInCents()
    {
        await using var server = await StartAsync(o => o.UsageDiscrepancies = [new UsageDiscrepancy(Day1, "claude-sonnet-4-20250514", 2, 1500, 300)]);
        using var client = TestEmulator.Client(server);

        var grouped = await GetAsync(client, "v1/organizations/cost_report?starting_at=2026-03-10T00:00:00Z&ending_at=2026-03-11T00:00:00Z&group_by[]=description");
        var total = await GetAsync(client, "v1/organizations/cost_report?starting_at=2026-03-10T00:00:00Z&ending_at=2026-03-11T00:00:00Z");

        var results = Assert.Single(grouped.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray().ToList();
        var cents = results.ToDictionary(r => r.GetProperty("token_type").GetString()!, r => Cents(r));
        Assert.Equal(1500 * 3m / 1_000_000m * 100m, cents["uncached_input_tokens"]);
        Assert.Equal(300 * 15m / 1_000_000m * 100m, cents["output_tokens"]);
        Assert.Equal(0m, cents["cache_read_input_tokens"]);
        Assert.All(results, r => Assert.Equal(("USD", "claude-sonnet-4-20250514", "standard", "tokens"), (
            r.GetProperty("currency").GetString(), r.GetProperty("model").GetString(),
            r.GetProperty("service_tier").GetString(), r.GetProperty("cost_type").GetString())));
        var sum = Assert.Single(Assert.Single(total.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray());
        Assert.Equal(cents.Values.Sum(), Cents(sum));
        Assert.Equal(JsonValueKind.Null, sum.GetProperty("model").ValueKind);
    }

    [Fact]
    public async Task GetMessagesUsage_LimitOne_PagesThroughEveryDayWithTheCursor()
    {
        await using var server = await StartAsync(o => o.UsageDiscrepancies =
            [.. Enumerable.Range(0, 3).Select(i => new UsageDiscrepancy(Day1.AddDays(i), "claude-haiku-3-5", 1, 10 * (i + 1), 1))]);
        using var client = TestEmulator.Client(server);
        var starts = new List<string>();
        var inputs = new List<long>();
        string? cursor = null;
        var pages = 0;

        do
        {
            var page = await GetAsync(
                client,
                "v1/organizations/usage_report/messages?starting_at=2026-03-10T00:00:00Z&ending_at=2026-03-13T00:00:00Z&limit=1&group_by[]=model" +
                (cursor is null ? string.Empty : "&page=" + Uri.EscapeDataString(cursor)));
            var bucket = Assert.Single(page.GetProperty("data").EnumerateArray());
            starts.Add(bucket.GetProperty("starting_at").GetString()!);
            inputs.Add(Assert.Single(bucket.GetProperty("results").EnumerateArray()).GetProperty("uncached_input_tokens").GetInt64());
            cursor = page.GetProperty("has_more").GetBoolean() ? page.GetProperty("next_page").GetString() : null;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(["2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z", "2026-03-12T00:00:00Z"], starts);
        Assert.Equal([10L, 20L, 30L], inputs);
    }

    [Theory]
    [InlineData("v1/organizations/usage_report/messages", null)]
    [InlineData("v1/organizations/usage_report/messages", "sk-ant-admin-wrong")]
    [InlineData("v1/organizations/cost_report", "sk-ant-admin-wrong")]
    public async Task GetReport_MissingOrWrongKey_Answers401AuthenticationError(string path, string? key)
    {
        await using var server = await StartAsync();
        using var client = TestEmulator.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, path + "?starting_at=2026-03-10T00:00:00Z");
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await TestEmulator.ReadJsonAsync(response);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("starting_at=yesterday")]
    [InlineData("starting_at=2026-03-10T00:00:00Z&limit=32")]
    [InlineData("starting_at=2026-03-10T00:00:00Z&group_by[]=line_item")]
    [InlineData("starting_at=2026-03-10T00:00:00Z&page=page_bm90LWEtZGF0ZQ==")]
    public async Task GetMessagesUsage_InvalidQuery_Answers400InvalidRequestError(string query)
    {
        await using var server = await StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await SendAsync(client, "v1/organizations/usage_report/messages?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", (await TestEmulator.ReadJsonAsync(response)).GetProperty("error").GetProperty("type").GetString());
    }

    private static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null) =>
        TestEmulator.StartAsync(
            o =>
            {
                o.AdminApiKey = AdminKey;
                o.Prices = [.. UsagePrice.Defaults, Sonnet];
                configure?.Invoke(o);
            },
            new FakeTimeProvider(Now));

    private static decimal Cents(JsonElement result) =>
        decimal.Parse(result.GetProperty("amount").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-api-key", AdminKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        using var response = await SendAsync(client, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestEmulator.ReadJsonAsync(response);
    }
}
