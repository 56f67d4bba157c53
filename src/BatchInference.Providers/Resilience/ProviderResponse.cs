using BatchInference.Providers.RateLimiting;

namespace BatchInference.Providers.Resilience;

/// <summary>What one HTTP call returned, read in full: status, raw body, request id and rate-limit hints.</summary>
internal sealed record ProviderResponse(int StatusCode, ReadOnlyMemory<byte> Body, string? RequestId, RateLimitHints Hints)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
