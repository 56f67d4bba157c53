using BatchInference.Emulator;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// A rate-limited run as the emulator saw it, cut into windows of the limit's length from the first model call. The
/// first window is not steady (it starts with a full bucket, so up to twice the limit passes), nor is the last (the
/// job runs out of lines in it); the windows between are.
/// </summary>
/// <param name="Windows">Every window, in order.</param>
/// <param name="Calls">Model calls in the run.</param>
/// <param name="Rejected">Of those, answered 429.</param>
/// <param name="MeanUnitsPerCall">Mean limit units an admitted call took.</param>
/// <param name="LongestGap">Longest time between two consecutive calls: how long the client sat idle at most.</param>
internal sealed record RateLimitMeasurement(IReadOnlyList<RateLimitWindowUse> Windows, int Calls, int Rejected, double MeanUnitsPerCall, TimeSpan LongestGap)
{
    public IEnumerable<RateLimitWindowUse> SteadyWindows => Windows.Where(w => w.Steady);

    /// <summary>Units the steady windows took ÷ what their limit allowed; NaN without a steady window.</summary>
    public double SteadyUtilisation(int limit)
    {
        var steady = SteadyWindows.ToList();
        return steady.Count == 0 ? double.NaN : steady.Sum(w => w.Used) / ((double)limit * steady.Count);
    }

    public int SteadyCalls => SteadyWindows.Sum(w => w.Accepted + w.Rejected);

    public int SteadyRejected => SteadyWindows.Sum(w => w.Rejected);

    /// <summary>
    /// Cuts the model calls to <paramref name="path"/> in <paramref name="log"/> into windows. <paramref name="maxTokens"/>
    /// is the <c>max_tokens</c> every line sets: the emulator's limiter counts it, not the tokens produced.
    /// </summary>
    public static RateLimitMeasurement Measure(
        IReadOnlyList<EmulatorRequestRecord> log, string path, LimitedResource resource, TimeSpan window, int maxTokens)
    {
        var calls = log.Where(r => r.Path == path).OrderBy(r => r.At).ToList();
        if (calls.Count == 0)
        {
            return new RateLimitMeasurement([], 0, 0, double.NaN, TimeSpan.Zero);
        }

        var start = calls[0].At;
        var lastAccepted = calls.LastOrDefault(r => r.StatusCode != 429)?.At ?? start;
        var lastSteady = (int)Math.Floor((lastAccepted - start) / window) - 1;
        // Every window from the first call to the last, empty ones included: a window the client sat out still counts.
        var byWindow = calls.ToLookup(r => (int)Math.Floor((r.At - start) / window));
        var count = (int)Math.Floor((calls[^1].At - start) / window) + 1;
        var windows = Enumerable.Range(0, count)
            .Select(i => new RateLimitWindowUse(
                i,
                byWindow[i].Count(r => r.StatusCode != 429),
                byWindow[i].Count(r => r.StatusCode == 429),
                byWindow[i].Where(r => r.StatusCode != 429).Sum(r => Units(r, resource, maxTokens)),
                i >= 1 && i <= lastSteady))
            .ToList();
        var accepted = calls.Where(r => r.StatusCode != 429).ToList();
        var mean = accepted.Count == 0 ? double.NaN : accepted.Average(r => (double)Units(r, resource, maxTokens));
        var gap = calls.Zip(calls.Skip(1), (a, b) => b.At - a.At).DefaultIfEmpty(TimeSpan.Zero).Max();
        return new RateLimitMeasurement(windows, calls.Count, calls.Count(r => r.StatusCode == 429), mean, gap);
    }

    // A 2xx call reports its prompt tokens; the limiter also took max_tokens for the answer.
    private static long Units(EmulatorRequestRecord call, LimitedResource resource, int maxTokens) =>
        resource == LimitedResource.Requests ? 1 : call.PromptTokens + maxTokens;
}
