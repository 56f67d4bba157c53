using System.Text;
using BatchInference.Emulator;
using BatchInference.Providers.Realtime;
using BatchInference.Providers.Tests.Infrastructure;

namespace BatchInference.Providers.Tests.Anthropic;

/// <summary>Anthropic real-time calls through <see cref="RealtimeClient"/> against the provider emulator over HTTP.</summary>
public sealed partial class AnthropicMessagesSenderTests
{
    [Fact]
    public async Task SendAsync_Emulator_SucceedsWithTheUsageTheEmulatorBilled()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 3, RequiredApiKey = "sk-ant-emu" });
        var client = EmulatorClient(emulator, o => o.ApiKey = "sk-ant-emu");

        var outcome = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude-sonnet-4-5", Body(), "job:m1"));

        Assert.True(outcome.Succeeded, outcome.ErrorMessage);
        var record = Assert.Single(emulator.RequestLog.Snapshot());
        Assert.Equal((EmulatorProviders.Anthropic, EmulatorTiers.Realtime, "job:m1:1"), (record.Provider, record.Tier, record.ClientRequestId));
        var usage = Assert.Single(outcome.Attempts).Usage!;
        Assert.Equal((record.PromptTokens, record.CachedTokens, record.CompletionTokens), (usage.InputTokens, usage.CachedInputTokens, usage.OutputTokens));
        Assert.True(usage.InputTokens > 0);
        Assert.Equal(record.RequestId, outcome.RequestId);
        Assert.Contains("\"type\":\"message\"", Encoding.UTF8.GetString(outcome.ResponseBody.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_EmulatorMissingMaxTokens_400IsNotRetried()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 3 });
        var client = EmulatorClient(emulator);
        var body = Encoding.UTF8.GetBytes("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}""");

        var outcome = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude-sonnet-4-5", body, "p"));

        Assert.Equal(RealtimeErrorCodes.ProviderRejected, outcome.ErrorCode);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal("max_tokens: Field required", outcome.ErrorMessage);
        Assert.Single(emulator.RequestLog.Snapshot());
        Assert.Equal(0, emulator.RequestLog.BillableCount);
    }

    [Fact]
    public async Task SendAsync_EmulatorRateLimited_429CarriesTheRetryHint()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 3, RequestsPerMinute = 1 });
        var client = EmulatorClient(emulator, o => o.MaxAttempts = 1);

        var first = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude-sonnet-4-5", Body(), "p"));
        var second = await client.SendAsync(new RealtimeRequest("m2", "/v1/messages", "claude-sonnet-4-5", Body(), "p"));

        Assert.True(first.Succeeded, first.ErrorMessage);
        Assert.Equal(RealtimeErrorCodes.RetriesExhausted, second.ErrorCode);
        Assert.Equal(429, second.StatusCode);
        Assert.Contains("rate_limit_error", Encoding.UTF8.GetString(second.ResponseBody.Span), StringComparison.Ordinal);
        Assert.Equal(1, emulator.RequestLog.BillableCount);
    }

    [Fact]
    public async Task SendAsync_EmulatorWrongKey_401IsNotRetried()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 3, RequiredApiKey = "sk-ant-right" });
        var client = EmulatorClient(emulator, o => o.ApiKey = "sk-ant-wrong");

        var outcome = await client.SendAsync(new RealtimeRequest("m1", "/v1/messages", "claude-sonnet-4-5", Body(), "p"));

        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal(RealtimeErrorCodes.ProviderRejected, outcome.ErrorCode);
        Assert.Single(outcome.Attempts);
    }

    private static RealtimeClient EmulatorClient(EmulatorServer emulator, Action<ProviderEndpointOptions>? configure = null) =>
        TestEndpoints.Client(new Uri(emulator.BaseAddress, "v1"), o =>
        {
            o.Kind = ProviderKind.Anthropic;
            configure?.Invoke(o);
        });
}
