using System.Text;
using BatchInference.Emulator;
using BatchInference.Providers.Realtime;
using BatchInference.Providers.Tests.Infrastructure;

namespace BatchInference.Providers.Tests.Realtime;

/// <summary>The client against the provider emulator over HTTP.</summary>
public sealed partial class RealtimeClientTests
{
    [Fact]
    public async Task SendAsync_EmulatorChat_SucceedsWithTheUsageTheEmulatorBilled()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 1 });
        var client = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"));

        var outcome = await client.SendAsync(TestEndpoints.Chat("c1", prefix: "job"));

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        var record = Assert.Single(emulator.RequestLog.Snapshot());
        var attempt = Assert.Single(outcome.Attempts);
        Assert.Equal(new TokenUsage(record.PromptTokens, record.CachedTokens, record.CompletionTokens, attempt.Usage!.ReasoningTokens), attempt.Usage);
        Assert.True(record.PromptTokens > 0);
        Assert.Equal(record.RequestId, outcome.RequestId);
        Assert.Equal("job:c1:1", record.ClientRequestId);
        Assert.Contains("chat.completion", Encoding.UTF8.GetString(outcome.ResponseBody.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_EmulatorEmbeddings_SucceedsWithPromptTokens()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 1 });
        var client = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"));
        var body = Encoding.UTF8.GetBytes("""{"model":"text-embedding-3-small","input":["alpha beta","gamma"]}""");

        var outcome = await client.SendAsync(new RealtimeRequest("e1", "/v1/embeddings", "text-embedding-3-small", body, "job:e1"));

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        var record = Assert.Single(emulator.RequestLog.Snapshot());
        Assert.Equal("/v1/embeddings", record.Path);
        Assert.Equal(new TokenUsage(record.PromptTokens, 0, 0, 0), outcome.Attempts[0].Usage);
    }

    [Fact]
    public async Task SendAsync_EmulatorAlwaysFailing_MakesOneEmulatorRequestPerAttempt()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ServerErrorRate = 1, Seed = 1 });
        var client = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"), o => o.MaxAttempts = 3);

        var outcome = await client.SendAsync(TestEndpoints.Chat("c1", prefix: "job"));

        Assert.Equal(RealtimeErrorCodes.RetriesExhausted, outcome.ErrorCode);
        var log = emulator.RequestLog.Snapshot();
        Assert.Equal(outcome.Attempts.Count, log.Count); // the SDK retried nothing on its own
        Assert.Equal(["job:c1:1", "job:c1:2", "job:c1:3"], log.Select(r => r.ClientRequestId).Order());
        Assert.All(log, r => Assert.InRange(r.StatusCode, 500, 599));
        Assert.Equal(0, emulator.RequestLog.BillableCount);
    }

    [Fact]
    public async Task SendAsync_EmulatorWrongApiKey_401IsNotRetried()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { RequiredApiKey = "sk-right", Seed = 1 });
        var wrong = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"), o => o.ApiKey = "sk-wrong");
        var right = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"), o => o.ApiKey = "sk-right");

        var rejected = await wrong.SendAsync(TestEndpoints.Chat("c1"));
        var accepted = await right.SendAsync(TestEndpoints.Chat("c2"));

        Assert.Equal(401, rejected.StatusCode);
        Assert.Equal(RealtimeErrorCodes.ProviderRejected, rejected.ErrorCode);
        Assert.Single(rejected.Attempts);
        Assert.Contains("invalid_api_key", Encoding.UTF8.GetString(rejected.ResponseBody.Span), StringComparison.Ordinal);
        Assert.True(accepted.Succeeded);
        Assert.Equal(2, emulator.RequestLog.Snapshot().Count);
    }

    [Fact]
    public async Task SendAsync_EmulatorInvalidBody_400IsNotRetried()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 1 });
        var client = TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"));
        var body = Encoding.UTF8.GetBytes("""{"model":"gpt-4o-mini","messages":"not-a-list"}""");

        var outcome = await client.SendAsync(new RealtimeRequest("c1", "/v1/chat/completions", "gpt-4o-mini", body, "p"));

        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal(RealtimeErrorCodes.ProviderRejected, outcome.ErrorCode);
        Assert.Single(outcome.Attempts);
        Assert.Single(emulator.RequestLog.Snapshot());
    }
}
