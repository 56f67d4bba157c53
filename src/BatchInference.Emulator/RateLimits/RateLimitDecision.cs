namespace BatchInference.Emulator.RateLimits;

/// <summary>The limiter's answer for one request, with what the response headers should say.</summary>
/// <param name="Rejection">Why the request was refused, or <see cref="RateLimitKind.None"/>.</param>
/// <param name="RetryAfter">When refused for a full bucket: how long until both buckets hold the request.</param>
/// <param name="Requests">The request bucket after the decision; null when requests are unlimited.</param>
/// <param name="Tokens">The token bucket after the decision; null when tokens are unlimited.</param>
/// <param name="TokensRequested">The tokens the request asked for.</param>
internal sealed record RateLimitDecision(
    RateLimitKind Rejection,
    TimeSpan RetryAfter,
    RateLimitBucketState? Requests,
    RateLimitBucketState? Tokens,
    int TokensRequested)
{
    public bool Allowed => Rejection == RateLimitKind.None;
}
