using BatchInference.Providers.Realtime;
using Microsoft.Extensions.Logging;

namespace BatchInference.Providers.Tests.Infrastructure;

/// <summary>Options and clients tuned for fast tests: short retry delays, a breaker that stays out of the way.</summary>
internal static class TestEndpoints
{
    public static ProviderEndpointOptions Options(Uri endpoint, Action<ProviderEndpointOptions>? configure = null)
    {
        var options = new ProviderEndpointOptions
        {
            Name = "test",
            BaseUrl = endpoint,
            BaseRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(20),
            CircuitBreakerMinimumThroughput = 1000,
        };
        configure?.Invoke(options);
        return options;
    }

    public static RealtimeClient Client(Uri endpoint, Action<ProviderEndpointOptions>? configure = null, ILogger<RealtimeClient>? logger = null) =>
        new(Options(endpoint, configure), TimeProvider.System, logger);

    public static ReadOnlyMemory<byte> ChatBody(string content, int maxTokens = 16) =>
        System.Text.Encoding.UTF8.GetBytes(
            $$"""{"model":"gpt-4o-mini","max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"{{content}}"}]}""");

    public static RealtimeRequest Chat(string customId, string prefix = "job") =>
        new(customId, "/v1/chat/completions", "gpt-4o-mini", ChatBody($"say something about {customId}"), $"{prefix}:{customId}");

    public static string PrefixOf(string clientRequestId) => clientRequestId[..clientRequestId.LastIndexOf(':')];
}
