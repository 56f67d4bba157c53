using System.Net;
using System.Text.Json;
using BatchInference.Emulator.Caching;
using BatchInference.Emulator.Tests.Batches;
using BatchInference.Emulator.Usage;
using BatchInference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Caching;

/// <summary>Claude's prompt cache as the emulator serves it over HTTP: breakpoints, minimum length, lifetime, usage.</summary>
public sealed class AnthropicPromptCacheTests
{
    private const string AdminKey = "sk-ant-admin-emulator-test";
    private const string Sonnet = "claude-sonnet-4-20250514";
    private static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly string LongSystem = new('s', 1200 * 4);

    private static string Body(string question, bool breakpoint = true, string model = Sonnet, string? system = null)
    {
        var block = new Dictionary<string, object> { ["type"] = "text", ["text"] = system ?? LongSystem };
        if (breakpoint)
        {
            block["cache_control"] = new Dictionary<string, string> { ["type"] = "ephemeral" };
        }

        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["max_tokens"] = 32,
            ["system"] = new[] { block },
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = question } },
        });
    }

    private static async Task<(int Input, int Write, int Read)> UsageAsync(HttpClient client, string body)
    {
        var usage = (await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages", body)).GetProperty("usage");
        Assert.Equal(usage.GetProperty("cache_creation_input_tokens").GetInt32(), usage.GetProperty("cache_creation").GetProperty("ephemeral_5m_input_tokens").GetInt32());
        return (usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("cache_creation_input_tokens").GetInt32(), usage.GetProperty("cache_read_input_tokens").GetInt32());
    }

    [Fact]
    public async Task Messages_BreakpointAfterALongSystemPrompt_WritesOnceThenReadsForOtherQuestions()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);

        var first = await UsageAsync(client, Body("What is 2+2?"));
        var second = await UsageAsync(client, Body("Name a prime number"));

        Assert.Equal(1204, first.Write); // 1,200 tokens of text and 4 of turn framing
        Assert.Equal(0, first.Read);
        Assert.Equal((0, 1204), (second.Write, second.Read));
        Assert.True(second.Input is > 0 and < 20, $"only the question is uncached input, got {second.Input}");
        await Poll.UntilAsync(() => server.RequestLog.BillableCount == 2, "both calls to be logged");
        var records = server.RequestLog.Snapshot();
        Assert.Equal((1204, 0), (records[0].CacheWriteTokens, records[0].CachedTokens));
        Assert.Equal((0, 1204), (records[1].CacheWriteTokens, records[1].CachedTokens));
        Assert.Equal(second.Input + second.Read, records[1].PromptTokens);
    }

    [Fact]
    public async Task Messages_SamePrefixWithoutBreakpoint_NeverCached()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);

        await UsageAsync(client, Body("What is 2+2?", breakpoint: false));
        var again = await UsageAsync(client, Body("What is 2+2?", breakpoint: false));

        Assert.Equal((0, 0), (again.Write, again.Read));
    }

    [Fact]
    public async Task Messages_PrefixShorterThanTheModelsMinimum_NotCachedAndNoError()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);

        // 1,200 tokens: enough for Sonnet 4, under the 2,048 Claude Haiku 3.5 needs.
        await UsageAsync(client, Body("What is 2+2?", model: "claude-haiku-3-5"));
        var again = await UsageAsync(client, Body("Name a prime number", model: "claude-haiku-3-5"));

        Assert.Equal(2048, AnthropicCacheMinimum.TokensFor("claude-haiku-3-5"));
        Assert.Equal((0, 0), (again.Write, again.Read));
    }

    [Fact]
    public async Task Messages_FiveIdleMinutes_Expire_WhileAReadRefreshesTheLifetime()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(time: clock);
        using var client = TestEmulator.Client(server);

        await UsageAsync(client, Body("q1"));
        clock.Advance(TimeSpan.FromMinutes(4));
        var afterFour = await UsageAsync(client, Body("q2"));
        clock.Advance(TimeSpan.FromMinutes(4));
        var refreshed = await UsageAsync(client, Body("q3"));
        clock.Advance(AnthropicPromptCache.Lifetime);
        var expired = await UsageAsync(client, Body("q4"));

        Assert.Equal((0, 1204), (afterFour.Write, afterFour.Read));
        Assert.Equal((0, 1204), (refreshed.Write, refreshed.Read));
        Assert.Equal((1204, 0), (expired.Write, expired.Read));
    }

    [Fact]
    public async Task Messages_FiveBreakpoints_RejectedLikeAnthropic()
    {
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        var marked = string.Join(',', Enumerable.Range(0, 5).Select(i => $$$"""{"type":"text","text":"part {{{i}}}","cache_control":{"type":"ephemeral"}}"""));

        var error = await BatchHttp.AnthropicJsonAsync(
            client, HttpMethod.Post, "v1/messages", $$"""{"model":"{{Sonnet}}","max_tokens":8,"system":[{{marked}}],"messages":[{"role":"user","content":"hi"}]}""",
            HttpStatusCode.BadRequest);

        Assert.Contains("A maximum of 4 blocks with cache_control", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageReport_CachedCalls_ReportCacheCreationAndReadsAndPriceWritesAtOneAndAQuarter()
    {
        var prices = new UsagePrice(Sonnet, 3m, 0.30m, 15m);
        await using var server = await TestEmulator.StartAsync(o => { o.AdminApiKey = AdminKey; o.Prices = [prices]; }, new FakeTimeProvider(Now));
        using var client = TestEmulator.Client(server);
        var first = await UsageAsync(client, Body("q1"));
        var second = await UsageAsync(client, Body("q2"));
        await Poll.UntilAsync(() => server.RequestLog.BillableCount == 2, "both calls to be logged");

        var usage = await AdminGetAsync(client, "v1/organizations/usage_report/messages?starting_at=2026-05-04T00:00:00Z&group_by[]=model");
        var costs = await AdminGetAsync(client, "v1/organizations/cost_report?starting_at=2026-05-04T00:00:00Z&group_by[]=description");

        var result = Assert.Single(Assert.Single(usage.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray());
        Assert.Equal(first.Input + second.Input, result.GetProperty("uncached_input_tokens").GetInt64());
        Assert.Equal(1204, result.GetProperty("cache_creation").GetProperty("ephemeral_5m_input_tokens").GetInt64());
        Assert.Equal(1204, result.GetProperty("cache_read_input_tokens").GetInt64());
        var write = Assert.Single(
            Assert.Single(costs.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray(),
            r => r.GetProperty("token_type").GetString() == "cache_creation.ephemeral_5m_input_tokens");
        Assert.Equal(1204m * 3m * 1.25m / 1_000_000m * 100m, decimal.Parse(write.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task MessageBatch_LinesWithABreakpoint_ResultsCarryCacheWritesThenReads()
    {
        var clock = new FakeTimeProvider(Now);
        await using var server = await TestEmulator.StartAsync(time: clock);
        using var client = TestEmulator.Client(server);
        var requests = JsonSerializer.Serialize(new
        {
            requests = new[]
            {
                new { custom_id = "a", @params = JsonDocument.Parse(Body("q1")).RootElement },
                new { custom_id = "b", @params = JsonDocument.Parse(Body("q2")).RootElement },
            },
        });

        var created = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages/batches", requests);
        clock.Advance(TimeSpan.FromSeconds(30));
        var ended = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Get, $"v1/messages/batches/{created.GetProperty("id").GetString()}");
        using var request = BatchHttp.Anthropic(HttpMethod.Get, ended.GetProperty("results_url").GetString()!);
        using var response = await client.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToDictionary(l => l.GetProperty("custom_id").GetString()!, l => l.GetProperty("result").GetProperty("message").GetProperty("usage"));

        Assert.Equal((1204, 0), (lines["a"].GetProperty("cache_creation_input_tokens").GetInt32(), lines["a"].GetProperty("cache_read_input_tokens").GetInt32()));
        Assert.Equal((0, 1204), (lines["b"].GetProperty("cache_creation_input_tokens").GetInt32(), lines["b"].GetProperty("cache_read_input_tokens").GetInt32()));
    }

    private static async Task<JsonElement> AdminGetAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-api-key", AdminKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestEmulator.ReadJsonAsync(response);
    }
}
