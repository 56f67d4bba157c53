using System.Text;
using BatchInference.Providers.Realtime;
using BatchInference.Providers.Tests.Infrastructure;
using BatchInference.Providers.Transport;
using Microsoft.Extensions.Logging.Testing;

namespace BatchInference.Providers.Tests.Anthropic;

/// <summary>Anthropic real-time calls through <see cref="RealtimeClient"/> against a capture server.</summary>
public sealed partial class AnthropicMessagesSenderTests
{
    private const string Message = """{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":50,"output_tokens":6}}""";

    private static readonly CaptureReply Ok = new(200, Message, new Dictionary<string, string> { ["request-id"] = "req_ant_1" });

    [Fact]
    public async Task SendAsync_Success_PostsTheBodyByteForByteWithAnthropicHeaders()
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = Client(server, o => o.ApiKey = "sk-ant-KEY");
        var body = Encoding.UTF8.GetBytes(
            "{ \"model\" : \"claude-sonnet-4-5\",\n \"max_tokens\":32, \"x_unknown\":{\"n\":[1, 2.50]},\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9 \u4e16\"}] }");

        var outcome = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude-sonnet-4-5", body, "job:m1"));

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        var received = Assert.Single(server.Requests);
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(body, received.Body);
        Assert.Equal("sk-ant-KEY", received.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.Equal("job:m1:1", received.Headers["X-Client-Request-Id"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
        Assert.Equal("req_ant_1", outcome.RequestId);
        Assert.Equal(Message, Encoding.UTF8.GetString(outcome.ResponseBody.Span));
        Assert.Equal(new TokenUsage(162, 50, 6, 0, 100), Assert.Single(outcome.Attempts).Usage);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_WaitsAndRetries()
    {
        var calls = 0;
        await using var server = await CaptureServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? new CaptureReply(
                429,
                """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""",
                new Dictionary<string, string> { ["retry-after"] = "0.2", ["anthropic-ratelimit-requests-remaining"] = "0" })
            : Ok);
        var logger = new FakeLogger<RealtimeClient>();
        var client = Client(server, o => o.ApiKey = "sk-ant-KEY", logger);

        var outcome = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude", Body(), "p"));

        Assert.True(outcome.Succeeded);
        Assert.Equal([429, 200], outcome.Attempts.Select(a => a.StatusCode));
        Assert.True(outcome.Attempts[1].StartedAt - outcome.Attempts[0].FinishedAt >= TimeSpan.FromMilliseconds(200));
        Assert.Contains(logger.Collector.GetSnapshot(), e => e.Id.Id == 3003); // the provider was paused for the hint
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), e => e.Text().Contains("sk-ant-KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_400_IsRejectedWithTheProvidersMessage()
    {
        const string error = """{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"},"request_id":"req_011"}""";
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(400, error, new Dictionary<string, string> { ["request-id"] = "req_011" }));
        var client = Client(server);

        var outcome = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude", Body(), "p"));

        Assert.Equal(RealtimeErrorCodes.ProviderRejected, outcome.ErrorCode);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal("max_tokens: Field required", outcome.ErrorMessage);
        Assert.Equal("req_011", outcome.RequestId);
        Assert.Single(outcome.Attempts);
    }

    [Fact]
    public async Task SendAsync_529Overloaded_IsRetried()
    {
        var calls = 0;
        await using var server = await CaptureServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? new CaptureReply(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")
            : Ok);
        var client = Client(server);

        var outcome = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude", Body(), "p"));

        Assert.True(outcome.Succeeded);
        Assert.Equal([529, 200], outcome.Attempts.Select(a => a.StatusCode));
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/embeddings")]
    public async Task SendAsync_OpenAIUrlOnAnAnthropicEndpoint_FailsWithoutCalling(string url)
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = Client(server);

        var outcome = await client.SendAsync(new RealtimeRequest("m1", url, "claude", Body(), "p"));

        Assert.Equal(RealtimeErrorCodes.UnsupportedUrl, outcome.ErrorCode);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("https://api.anthropic.com/v1", "https://api.anthropic.com")]
    [InlineData("https://api.anthropic.com/v1/", "https://api.anthropic.com")]
    [InlineData("https://api.anthropic.com", "https://api.anthropic.com")]
    [InlineData("http://127.0.0.1:5000/anthropic/v1", "http://127.0.0.1:5000/anthropic")]
    public void Root_BaseUrlWithOrWithoutVersion_IsTheAddressWithoutIt(string baseUrl, string root) =>
        Assert.Equal(root, AnthropicEndpoint.Root(new Uri(baseUrl)));

    private static ReadOnlyMemory<byte> Body() =>
        Encoding.UTF8.GetBytes("""{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}""");

    private static RealtimeClient Client(CaptureServer server, Action<ProviderEndpointOptions>? configure = null, FakeLogger<RealtimeClient>? logger = null) =>
        TestEndpoints.Client(new Uri(server.BaseAddress, "v1"), o =>
        {
            o.Kind = ProviderKind.Anthropic;
            configure?.Invoke(o);
        }, logger);
}
