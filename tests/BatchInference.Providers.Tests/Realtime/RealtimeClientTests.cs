using System.Text;
using BatchInference.Providers.Realtime;
using BatchInference.Providers.Tests.Infrastructure;
using BatchInference.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace BatchInference.Providers.Tests.Realtime;

/// <summary>The client against a capture server: exact bytes on the wire, chosen statuses, held requests.</summary>
public sealed partial class RealtimeClientTests
{
    private static readonly CaptureReply Ok = new(200, """{"id":"chatcmpl-1","object":"chat.completion","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2}}""");

    [Fact]
    public async Task SendAsync_BodyWithUnknownFieldsAndOddFormatting_ReachesTheServerByteForByte()
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = TestEndpoints.Client(server.Endpoint);
        var body = Encoding.UTF8.GetBytes(
            "{ \"x_unknown\" : {\"nested\":[1, 2.50, true, null]},\n\t\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\"," +
            "\"content\":\"h\\u00e9llo \u00e9\u4e16 \\\"q\\\"\"}], \"max_tokens\":5, \"store\":false }");

        var outcome = await client.SendAsync(new RealtimeRequest("c1", "/v1/chat/completions", "gpt-4o-mini", body, "p:c1"));

        Assert.True(outcome.Succeeded);
        var received = Assert.Single(server.Requests);
        Assert.Equal(body, received.Body);
        Assert.Equal("/v1/chat/completions", received.Path);
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/embeddings")]
    [InlineData("/v1/responses")]
    public async Task SendAsync_SupportedUrl_PostsToThatPath(string url)
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = TestEndpoints.Client(server.Endpoint);
        var body = Encoding.UTF8.GetBytes("""{"model":"m","input":"x"}""");

        var outcome = await client.SendAsync(new RealtimeRequest("c1", url, "m", body, "p"));

        Assert.True(outcome.Succeeded);
        Assert.Equal(url, Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task SendAsync_WithApiKey_SendsBearerTokenAndClientRequestId()
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = TestEndpoints.Client(server.Endpoint, o => o.ApiKey = "sk-test-123");

        await client.SendAsync(TestEndpoints.Chat("c7", prefix: "job42"));

        var headers = Assert.Single(server.Requests).Headers;
        Assert.Equal("Bearer sk-test-123", headers["Authorization"]);
        Assert.Equal("job42:c7:1", headers["X-Client-Request-Id"]);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task SendAsync_NonAsciiCustomId_IsSentOncePercentEncodedInTheHeader(string kind)
    {
        const string customId = "日本-😀 100%";
        var anthropic = kind == "anthropic";
        await using var server = await CaptureServer.StartAsync(_ => anthropic
            ? new CaptureReply(200, """{"id":"msg_1","type":"message","content":[],"usage":{"input_tokens":3,"output_tokens":2}}""")
            : Ok);
        var client = TestEndpoints.Client(anthropic ? server.BaseAddress : server.Endpoint, o =>
        {
            o.Kind = anthropic ? ProviderKind.Anthropic : ProviderKind.OpenAI;
            o.MaxAttempts = 2;
        });
        var request = anthropic
            ? new RealtimeRequest(customId, "/v1/messages", "claude", Encoding.UTF8.GetBytes("""{"model":"claude","max_tokens":5,"messages":[]}"""), $"job:{customId}")
            : TestEndpoints.Chat(customId);

        var outcome = await client.SendAsync(request);

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        Assert.Equal(customId, outcome.CustomId);
        var header = Assert.Single(server.Requests).Headers["X-Client-Request-Id"];
        Assert.Equal("job:%E6%97%A5%E6%9C%AC-%F0%9F%98%80%20100%25:1", header);
        Assert.Equal($"job:{customId}:1", Uri.UnescapeDataString(header));
    }

    [Fact]
    public async Task SendAsync_AzureKind_SendsTheKeyAsApiKeyHeaderUnderOpenAIV1()
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = TestEndpoints.Client(new Uri(server.BaseAddress, "openai/v1/"), o =>
        {
            o.Kind = ProviderKind.AzureOpenAI;
            o.ApiKey = "azure-key-9";
        });

        var outcome = await client.SendAsync(TestEndpoints.Chat("c1"));

        Assert.True(outcome.Succeeded);
        var received = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", received.Path);
        Assert.Equal("azure-key-9", received.Headers["api-key"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task SendAsync_WithoutApiKey_SendsNoAuthorizationHeader()
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = TestEndpoints.Client(server.Endpoint);

        await client.SendAsync(TestEndpoints.Chat("c1"));

        Assert.False(Assert.Single(server.Requests).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task SendAsync_Provider400_IsNotRetriedAndKeepsStatusAndBody()
    {
        const string error = """{"error":{"message":"Unrecognized request argument supplied: foo","type":"invalid_request_error","param":null,"code":null}}""";
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(400, error, new Dictionary<string, string> { ["x-request-id"] = "req_400" }));
        var client = TestEndpoints.Client(server.Endpoint);

        var outcome = await client.SendAsync(TestEndpoints.Chat("bad"));

        Assert.False(outcome.Succeeded);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal("req_400", outcome.RequestId);
        Assert.Equal(error, Encoding.UTF8.GetString(outcome.ResponseBody.Span));
        Assert.Equal(RealtimeErrorCodes.ProviderRejected, outcome.ErrorCode);
        Assert.Equal("Unrecognized request argument supplied: foo", outcome.ErrorMessage);
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(400, attempt.StatusCode);
        Assert.Null(attempt.Usage);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_429ThenSuccess_WaitsAtLeastTheHintAndRecordsBothAttempts()
    {
        var calls = 0;
        await using var server = await CaptureServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? new CaptureReply(429, """{"error":{"message":"Rate limit reached"}}""", new Dictionary<string, string> { ["retry-after-ms"] = "150" })
            : Ok);
        var client = TestEndpoints.Client(server.Endpoint);

        var outcome = await client.SendAsync(TestEndpoints.Chat("c1", prefix: "p"));

        Assert.True(outcome.Succeeded);
        Assert.Equal([429, 200], outcome.Attempts.Select(a => a.StatusCode));
        Assert.True(outcome.Attempts[1].StartedAt - outcome.Attempts[0].FinishedAt >= TimeSpan.FromMilliseconds(150));
        Assert.Null(outcome.Attempts[0].Usage);
        Assert.Equal(new TokenUsage(3, 0, 2, 0), outcome.Attempts[1].Usage);
        Assert.Equal(["p:c1:1", "p:c1:2"], server.Requests.Select(r => r.Headers["X-Client-Request-Id"]));
    }

    [Fact]
    public async Task SendAsync_ServerKeepsFailing_ReturnsRetriesExhaustedWithLastAnswer()
    {
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(503, """{"error":{"message":"overloaded"}}"""));
        var client = TestEndpoints.Client(server.Endpoint, o => o.MaxAttempts = 3);

        var outcome = await client.SendAsync(TestEndpoints.Chat("c1"));

        Assert.False(outcome.Succeeded);
        Assert.Equal(RealtimeErrorCodes.RetriesExhausted, outcome.ErrorCode);
        Assert.Equal(503, outcome.StatusCode);
        Assert.Equal("overloaded", outcome.ErrorMessage);
        Assert.Equal([1, 2, 3], outcome.Attempts.Select(a => a.Attempt));
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_AttemptTimesOut_RetriesAndRecordsTheTimeout()
    {
        var hold = new TaskCompletionSource<CaptureReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var server = await CaptureServer.StartAsync((_, aborted) =>
            Interlocked.Increment(ref calls) == 1 ? hold.Task.WaitAsync(aborted) : Task.FromResult(Ok));
        using var release = new Release(hold, Ok);
        var client = TestEndpoints.Client(server.Endpoint, o => o.RequestTimeout = TimeSpan.FromSeconds(2)); // the held first call times out; 2 s leaves a slow second call on a loaded machine its time

        var outcome = await client.SendAsync(TestEndpoints.Chat("slow"));

        Assert.True(outcome.Succeeded, string.Join(", ", outcome.Attempts.Select(a => $"{a.StatusCode}/{a.Error}")));
        Assert.True(outcome.Attempts.Count == 2, string.Join(", ", outcome.Attempts.Select(a => $"{a.StatusCode}/{a.Error}")));
        Assert.Equal(2, outcome.Attempts.Count);
        Assert.Null(outcome.Attempts[0].StatusCode);
        Assert.Equal("attempt timed out", outcome.Attempts[0].Error);
        Assert.Equal(200, outcome.Attempts[1].StatusCode);
    }

    [Fact]
    public async Task SendAsync_ProviderBroken_OpensTheCircuitAndStopsCalling()
    {
        await using var server = await CaptureServer.StartAsync(_ => new CaptureReply(500, """{"error":{"message":"boom"}}"""));
        var client = TestEndpoints.Client(server.Endpoint, o =>
        {
            o.MaxAttempts = 6;
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakerFailureRatio = 0.5;
        });

        var first = await client.SendAsync(TestEndpoints.Chat("c1"));
        var second = await client.SendAsync(TestEndpoints.Chat("c2"));

        Assert.Equal(RealtimeErrorCodes.CircuitOpen, first.ErrorCode);
        Assert.Equal(2, first.Attempts.Count); // the breaker opened after two failures; the third attempt was refused
        Assert.Equal(500, first.StatusCode);
        Assert.Equal(RealtimeErrorCodes.CircuitOpen, second.ErrorCode);
        Assert.Empty(second.Attempts);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_UnsupportedUrl_FailsWithoutCalling()
    {
        await using var server = await CaptureServer.StartAsync(_ => Ok);
        var client = TestEndpoints.Client(server.Endpoint);

        var outcome = await client.SendAsync(new RealtimeRequest("c1", "/v1/messages", "claude", Encoding.UTF8.GetBytes("{}"), "p"));

        Assert.Equal(RealtimeErrorCodes.UnsupportedUrl, outcome.ErrorCode);
        Assert.Empty(outcome.Attempts);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_CancelledInFlight_ThrowsAndAbortsTheCall()
    {
        var hold = new TaskCompletionSource<CaptureReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await CaptureServer.StartAsync((_, aborted) => hold.Task.WaitAsync(aborted));
        using var release = new Release(hold, Ok);
        var client = TestEndpoints.Client(server.Endpoint);
        using var cancellation = new CancellationTokenSource();

        var sending = client.SendAsync(TestEndpoints.Chat("c1"), cancellation.Token);
        await Poll.UntilAsync(() => server.InFlight == 1, "the request to reach the server");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        await Poll.UntilAsync(() => server.InFlight == 0, "the server to see the call aborted");
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_FailuresLogged_WithoutBodiesOrKey()
    {
        var calls = 0;
        await using var server = await CaptureServer.StartAsync(_ => Interlocked.Increment(ref calls) switch
        {
            1 => new CaptureReply(503, """{"error":{"message":"SECRET-RESPONSE-MARKER"}}"""),
            2 => new CaptureReply(429, "{}", new Dictionary<string, string> { ["retry-after-ms"] = "5" }),
            _ => Ok,
        });
        var logger = new FakeLogger<RealtimeClient>();
        var client = TestEndpoints.Client(server.Endpoint, o => o.ApiKey = "sk-KEY-MARKER", logger);
        var body = TestEndpoints.ChatBody("SECRET-PROMPT-MARKER");

        var outcome = await client.SendAsync(new RealtimeRequest("cust-9", "/v1/chat/completions", "gpt-4o-mini", body, "p"));

        Assert.True(outcome.Succeeded);
        var lines = logger.Collector.GetSnapshot().Select(e => e.Text()).ToList();
        Assert.Contains(lines, l => l.Contains("status 503", StringComparison.Ordinal) && l.Contains("cust-9", StringComparison.Ordinal));
        Assert.Contains(logger.Collector.GetSnapshot(), e => e.Id.Id == 3003); // the 429 paused the provider
        Assert.DoesNotContain(lines, l => l.Contains("MARKER", StringComparison.Ordinal));
        Assert.All(logger.Collector.GetSnapshot(), e => Assert.InRange(e.Id.Id, 3000, 3999));
    }
}
