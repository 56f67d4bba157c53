using System.Net;
using System.Text.Json;
using BatchInference.Emulator.Tests.Batches;
using BatchInference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.Anthropic;

public sealed class MessagesEndpointTests
{
    private const string Body = """{"model":"claude-sonnet-4-20250514","max_tokens":256,"system":"Be brief.","messages":[{"role":"user","content":"Name a prime number"}],"metadata":{"user_id":"u1"}}""";

    [Fact]
    public async Task Post_ValidRequest_ReturnsAMessageAndBillsItUnderProviderAnthropic()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var request = BatchHttp.Anthropic(HttpMethod.Post, "v1/messages", Body);
        using var response = await client.SendAsync(request);
        var message = await TestEmulator.ReadJsonAsync(response);
        var again = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages", Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("msg_", message.GetProperty("id").GetString());
        Assert.Equal(("message", "assistant", "claude-sonnet-4-20250514"), (
            message.GetProperty("type").GetString(), message.GetProperty("role").GetString(), message.GetProperty("model").GetString()));
        var content = Assert.Single(message.GetProperty("content").EnumerateArray());
        Assert.Equal("text", content.GetProperty("type").GetString());
        Assert.EndsWith("to: Name a prime number", content.GetProperty("text").GetString());
        Assert.Equal(content.GetProperty("text").GetString(), again.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", message.GetProperty("stop_reason").GetString());
        var usage = message.GetProperty("usage");
        Assert.Equal((0, 0, "standard"), (
            usage.GetProperty("cache_creation_input_tokens").GetInt32(), usage.GetProperty("cache_read_input_tokens").GetInt32(), usage.GetProperty("service_tier").GetString()));
        Assert.NotEmpty(TestEmulator.Header(response, "request-id"));
        await Poll.UntilAsync(() => server.RequestLog.BillableCount == 2, "both calls to be logged");
        var record = server.RequestLog.Snapshot()[0];
        Assert.Equal((EmulatorProviders.Anthropic, EmulatorTiers.Realtime, "/v1/messages"), (record.Provider, record.Tier, record.Path));
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32(), record.PromptTokens);
        Assert.Equal(usage.GetProperty("output_tokens").GetInt32(), record.CompletionTokens);
    }

    [Fact]
    public async Task Post_SmallMaxTokens_StopsWithMaxTokens()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        var message = await BatchHttp.AnthropicJsonAsync(
            client, HttpMethod.Post, "v1/messages", """{"model":"claude-haiku-3-5","max_tokens":2,"messages":[{"role":"user","content":[{"type":"text","text":"Tell me a long story"}]}]}""");

        Assert.Equal("max_tokens", message.GetProperty("stop_reason").GetString());
        Assert.Equal(2, message.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"claude-haiku-3-5","messages":[{"role":"user","content":"hi"}]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"claude-haiku-3-5","max_tokens":10,"messages":[]}""", "messages: at least one message is required")]
    [InlineData("""{"model":"claude-haiku-3-5","max_tokens":10,"messages":[{"role":"system","content":"hi"}]}""", "messages.0.role: Input should be 'user' or 'assistant'")]
    [InlineData("""{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", "model: Field required")]
    [InlineData("""[1,2]""", "There was an issue with the request body: it must be a JSON object.")]
    public async Task Post_InvalidBody_Answers400InvalidRequestError(string body, string message)
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        var error = await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages", body, HttpStatusCode.BadRequest);

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(("invalid_request_error", message), (error.GetProperty("error").GetProperty("type").GetString(), error.GetProperty("error").GetProperty("message").GetString()));
        Assert.StartsWith("req_", error.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Post_MissingVersionHeader_Answers400()
    {
        await using var server = await TestEmulator.StartAsync();
        using var client = TestEmulator.Client(server);

        using var response = await TestEmulator.PostJsonAsync(client, "v1/messages", Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("anthropic-version: header is required", (await TestEmulator.ReadJsonAsync(response)).GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Post_WrongOrRightXApiKey_Answers401AuthenticationErrorOrTheMessage()
    {
        await using var server = await TestEmulator.StartAsync(o => o.RequiredApiKey = "test-anthropic-key");
        using var client = TestEmulator.Client(server);

        using var wrong = BatchHttp.Anthropic(HttpMethod.Post, "v1/messages", Body);
        wrong.Headers.Add("x-api-key", "not-the-key");
        using var wrongResponse = await client.SendAsync(wrong);
        using var right = BatchHttp.Anthropic(HttpMethod.Post, "v1/messages", Body);
        right.Headers.Add("x-api-key", "test-anthropic-key");
        using var rightResponse = await client.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal("authentication_error", (await TestEmulator.ReadJsonAsync(wrongResponse)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
    }

    [Fact]
    public async Task Post_OverTheRequestLimit_Answers429WithRetryAfterAndAnthropicRateLimitHeaders()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
        await using var server = await TestEmulator.StartAsync(o => o.RequestsPerMinute = 1, clock);
        using var client = TestEmulator.Client(server);

        using var first = BatchHttp.Anthropic(HttpMethod.Post, "v1/messages", Body);
        using var firstResponse = await client.SendAsync(first);
        using var second = BatchHttp.Anthropic(HttpMethod.Post, "v1/messages", Body);
        using var secondResponse = await client.SendAsync(second);

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(("1", "0"), (TestEmulator.Header(firstResponse, "anthropic-ratelimit-requests-limit"), TestEmulator.Header(firstResponse, "anthropic-ratelimit-requests-remaining")));
        Assert.Equal((HttpStatusCode)429, secondResponse.StatusCode);
        Assert.Equal("rate_limit_error", (await TestEmulator.ReadJsonAsync(secondResponse)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("60", TestEmulator.Header(secondResponse, "retry-after"));
        Assert.Equal("2026-05-04T10:01:00Z", TestEmulator.Header(secondResponse, "anthropic-ratelimit-requests-reset"));
    }

    [Fact]
    public async Task Post_InjectedServerFaults_AnswerApiErrorOrOverloadedUnbilled()
    {
        await using var server = await TestEmulator.StartAsync(o => o.ServerErrorRate = 1);
        using var client = TestEmulator.Client(server);
        var statuses = new List<int>();

        for (var i = 0; i < 12; i++)
        {
            using var request = BatchHttp.Anthropic(HttpMethod.Post, "v1/messages", Body);
            using var response = await client.SendAsync(request);
            var error = (await TestEmulator.ReadJsonAsync(response)).GetProperty("error").GetProperty("type").GetString();
            Assert.Equal((int)response.StatusCode == 529 ? "overloaded_error" : "api_error", error);
            statuses.Add((int)response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Contains(s, new[] { 500, 529 }));
        await Poll.UntilAsync(() => server.RequestLog.Snapshot().Count == 12, "every call to be logged");
        Assert.Equal(0, server.RequestLog.BillableCount);
    }

    [Fact]
    public async Task GetMessagesUsage_AfterMessagesCalls_ReportsThemUnderStandardTier()
    {
        var now = new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);
        await using var server = await TestEmulator.StartAsync(time: new FakeTimeProvider(now));
        using var client = TestEmulator.Client(server);
        await BatchHttp.AnthropicJsonAsync(client, HttpMethod.Post, "v1/messages", Body);
        await Poll.UntilAsync(() => server.RequestLog.BillableCount == 1, "the call to be logged");

        var report = await BatchHttp.AnthropicJsonAsync(
            client, HttpMethod.Get, "v1/organizations/usage_report/messages?starting_at=2026-05-04T00:00:00Z&group_by[]=model&group_by[]=service_tier");

        var result = Assert.Single(Assert.Single(report.GetProperty("data").EnumerateArray()).GetProperty("results").EnumerateArray());
        Assert.Equal(("claude-sonnet-4-20250514", "standard"), (result.GetProperty("model").GetString(), result.GetProperty("service_tier").GetString()));
        Assert.Equal(server.RequestLog.Snapshot()[0].PromptTokens, result.GetProperty("uncached_input_tokens").GetInt64());
        Assert.Equal(JsonValueKind.Number, result.GetProperty("output_tokens").ValueKind);
    }
}
