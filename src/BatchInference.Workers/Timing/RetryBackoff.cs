namespace BatchInference.Workers.Timing;

/// <summary>Exponential back-off with jitter: <c>base * 2^(attempt-1)</c>, jittered by ±20 %, never above the cap.
/// Jitter spreads the retries of messages that failed together (a provider outage) so they do not return together.</summary>
internal static class RetryBackoff
{
    /// <summary>The jitter's half-width, as a fraction of the nominal delay.</summary>
    public const double JitterFraction = 0.2;

    /// <summary>The delay before retry number <paramref name="attempt"/>, with a random jitter.</summary>
    public static TimeSpan Compute(int attempt, TimeSpan baseDelay, TimeSpan maxDelay) =>
        Compute(attempt, baseDelay, maxDelay, Random.Shared.NextDouble());

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 after the first failure).</summary>
    /// <param name="attempt">How many attempts failed so far, at least 1.</param>
    /// <param name="baseDelay">The delay after the first failure, before jitter.</param>
    /// <param name="maxDelay">The cap, applied after jitter.</param>
    /// <param name="unitSample">A number in [0, 1]: 0 gives -20 %, 0.5 the nominal delay, 1 gives +20 %.</param>
    public static TimeSpan Compute(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unitSample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        if (unitSample is < 0 or > 1 || double.IsNaN(unitSample))
        {
            throw new ArgumentOutOfRangeException(nameof(unitSample), unitSample, "The sample must be between 0 and 1.");
        }

        // Doubles, not ticks: 2^(attempt-1) overflows a long long before a dequeue count stops growing.
        var nominal = Math.Min(baseDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 62)), maxDelay.Ticks);
        var jittered = nominal * (1 - JitterFraction + (2 * JitterFraction * unitSample));
        return TimeSpan.FromTicks((long)Math.Min(jittered, maxDelay.Ticks));
    }
}
