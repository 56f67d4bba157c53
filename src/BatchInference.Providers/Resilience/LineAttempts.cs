using Polly;
using Polly.CircuitBreaker;

namespace BatchInference.Providers.Resilience;

/// <summary>
/// The attempt budget of one line, carried through the pipeline in its <see cref="ResilienceContext"/>. Without a
/// deadline every failed attempt costs one of <see cref="ProviderEndpointOptions.MaxAttempts"/> and an open circuit
/// ends the call (a caller with somewhere else to go wants to know at once). With a deadline the line is patient:
/// an open circuit and 429s cost nothing (the call waits and tries again), a failure costs only the share of it that
/// is the line's own (one minus the share of other lines failing at the time), and the call ends when its own
/// failures use up the budget or when the next try would fall past the deadline.
/// </summary>
internal sealed class LineAttempts(DateTimeOffset? deadline)
{
    /// <summary>Where the pipeline finds the line's budget.</summary>
    public static readonly ResiliencePropertyKey<LineAttempts> Key = new("BatchInference.LineAttempts");

    /// <summary>
    /// Other lines' failure share from which a line's repeated failures count against the circuit too: below it the
    /// line is failing alone and must not cut the provider off for the rest.
    /// </summary>
    public const double OutageShare = 0.5;

    private TimeSpan? _nextDelay;

    /// <summary>When the line must be done; null: not patient.</summary>
    public DateTimeOffset? Deadline { get; } = deadline;

    /// <summary>Attempts that reached the provider's pipeline (not those the open circuit turned away).</summary>
    public int Attempts { get; private set; }

    /// <summary>Failed attempts so far, each weighted by how much of it was the line's own.</summary>
    public double OwnFailures { get; private set; }

    /// <summary>Why the last decision stopped the retries; null while retrying or after a final answer.</summary>
    public LineStop? Stop { get; private set; }

    /// <summary>The other lines' failure share when this line's last attempt finished.</summary>
    public double OthersFailureShare { get; private set; }

    /// <summary>Called once per attempt that reached the provider (from the circuit breaker, which sees each one).</summary>
    /// <returns>Whether this failure may count against the circuit.</returns>
    public bool Observe(bool failed, double othersFailureShare)
    {
        var first = Attempts == 0;
        Attempts++;
        OthersFailureShare = othersFailureShare;
        return failed && (Deadline is null || first || othersFailureShare >= OutageShare);
    }

    /// <summary>Decides whether to try again after <paramref name="outcome"/>, and how long to wait first.</summary>
    /// <returns>The wait before the next try; null to stop (see <see cref="Stop"/>).</returns>
    public TimeSpan? Decide(Outcome<ProviderResponse> outcome, ProviderEndpointOptions options, DateTimeOffset now, double random, CancellationToken callerToken)
    {
        _nextDelay = null;
        Stop = null;
        TimeSpan delay;
        if (outcome.Exception is BrokenCircuitException broken)
        {
            if (Deadline is null)
            {
                return null;
            }

            // Turned away without a call: wait for the circuit's probe, with jitter so the waiting lines do not return at
            // one instant (only one of them may probe anyway).
            var wait = broken.RetryAfter is { } after && after > TimeSpan.Zero ? after : options.BaseRetryDelay;
            delay = wait + (options.BaseRetryDelay * random);
        }
        else
        {
            if (!TransientFailure.ShouldRetry(outcome, callerToken))
            {
                return null;
            }

            var throttled = outcome.Result?.StatusCode == 429;
            OwnFailures += Deadline is null ? 1 : throttled ? 0 : 1 - OthersFailureShare;
            if (OwnFailures >= options.MaxAttempts - 0.000_001)
            {
                Stop = LineStop.Exhausted;
                return null;
            }

            delay = RetryDelay.Compute(Math.Max(0, Attempts - 1), outcome.Result?.Hints.RetryAfter, options.BaseRetryDelay, options.MaxRetryDelay, random);
        }

        if (Deadline is { } deadline && now + delay >= deadline)
        {
            Stop = LineStop.Deadline;
            return null;
        }

        _nextDelay = delay;
        return delay;
    }

    /// <summary>The wait <see cref="Decide"/> chose (Polly asks for the delay separately, right after).</summary>
    public TimeSpan NextDelay => _nextDelay ?? TimeSpan.Zero;
}

/// <summary>Why a line's retries stopped before an answer.</summary>
internal enum LineStop
{
    /// <summary>Its own failures used up <see cref="ProviderEndpointOptions.MaxAttempts"/>.</summary>
    Exhausted,

    /// <summary>The next try would have fallen past the deadline.</summary>
    Deadline,
}
