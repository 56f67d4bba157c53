using BatchInference.Ledger.Pricing;

namespace BatchInference.Orchestrations.Planning;

/// <summary>How long work takes under per-minute limits: the slowest of its requests, tokens, input and output budgets.</summary>
internal static class Throughput
{
    // Far beyond any deadline, and safe to add to any date the planner meets.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    public static TimeSpan Duration(TierWork work, TierLimits limits, long assumedRequestsPerMinute)
    {
        var minutes = limits.HasRateLimits
            ? Math.Max(
                Math.Max(Per(work.Lines, limits.RequestsPerMinute), Per(work.Input + work.Output, limits.TokensPerMinute)),
                Math.Max(Per(work.Input, limits.InputTokensPerMinute), Per(work.Output, limits.OutputTokensPerMinute)))
            : Per(work.Lines, assumedRequestsPerMinute);
        return minutes >= Longest.TotalMinutes ? Longest : TimeSpan.FromMinutes(minutes);
    }

    /// <summary>How long <paramref name="lines"/> lines take at <paramref name="linesPerSecond"/> (positive).</summary>
    public static TimeSpan AtRate(long lines, double linesPerSecond)
    {
        var seconds = lines / linesPerSecond;
        return seconds >= Longest.TotalSeconds ? Longest : TimeSpan.FromSeconds(seconds);
    }

    public static TimeSpan Scale(TimeSpan duration, double factor)
    {
        var ticks = duration.Ticks * factor;
        return ticks >= Longest.Ticks ? Longest : TimeSpan.FromTicks((long)ticks);
    }

    private static double Per(long amount, long? perMinute) => perMinute is > 0 ? (double)amount / perMinute.Value : 0;
}
