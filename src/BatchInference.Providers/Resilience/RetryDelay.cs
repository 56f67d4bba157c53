namespace BatchInference.Providers.Resilience;

/// <summary>How long to wait before the next attempt.</summary>
internal static class RetryDelay
{
    /// <summary>Extra share of a server hint added at random, so throttled callers do not all return at the same instant.</summary>
    public const double ServerHintJitter = 0.1;

    /// <summary>
    /// With a server hint: the hint plus up to 10 % jitter. Without: exponential backoff <c>base * 2^retry</c> with "equal
    /// jitter" (half fixed, half random), so the delay lies in [cap/2, cap]. Both are capped at
    /// <paramref name="maxDelay"/>.
    /// </summary>
    /// <param name="retry">0 before the first retry, 1 before the second, ...</param>
    /// <param name="serverHint">The parsed <c>retry-after-ms</c>/<c>retry-after</c>, if any.</param>
    /// <param name="baseDelay">The first backoff step.</param>
    /// <param name="maxDelay">The cap.</param>
    /// <param name="random">A uniform value in [0, 1).</param>
    public static TimeSpan Compute(int retry, TimeSpan? serverHint, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        if (serverHint is { } hint)
        {
            return Min(hint + (hint * (ServerHintJitter * random)), maxDelay);
        }

        // 2^retry in double cannot overflow for any sane retry count, and the cap brings it back to range.
        var exponentialTicks = baseDelay.Ticks * Math.Pow(2, retry);
        var cap = exponentialTicks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)exponentialTicks);
        return (cap / 2) + (cap / 2 * random);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
