namespace BatchInference.Emulator.RateLimits;

/// <summary>One bucket as the <c>x-ratelimit-*</c> headers describe it.</summary>
internal sealed record RateLimitBucketState(int Limit, int Remaining, TimeSpan ResetIn);
