using BatchInference.Emulator;

namespace BatchInference.Bench.History;

/// <summary>
/// The emulator a <c>learned-throughput</c> run talks to. Both are limited to what samples/catalog.emulator.json
/// declares (150 requests per 1 s window, its rpm 9000), so the catalog's estimate is the same; what differs is whether
/// the engine reaches that limit.
/// </summary>
/// <param name="Name">How the report names it.</param>
/// <param name="Emulator">The emulator's settings.</param>
internal sealed record LearnedThroughputScenario(string Name, EmulatorOptions Emulator)
{
    /// <summary>The emulator as <c>bi demo</c> runs it (20–80 ms): 16 concurrent calls could go faster than the limit, which binds.</summary>
    public static LearnedThroughputScenario LimitBound(int requestsPerSecond) => new("limit-bound", Options(requestsPerSecond, 20, 60));

    /// <summary>A slow deployment: calls take long enough that 16 concurrent ones stay well below the limit.</summary>
    public static LearnedThroughputScenario LatencyBound(int requestsPerSecond, int latencyMs) =>
        new("latency-bound", Options(requestsPerSecond, latencyMs, latencyMs / 2));

    private static EmulatorOptions Options(int requestsPerSecond, int latencyMs, int jitterMs) => new()
    {
        Latency = TimeSpan.FromMilliseconds(latencyMs),
        LatencyJitter = TimeSpan.FromMilliseconds(jitterMs),
        RequestsPerMinute = requestsPerSecond * 60,
        RateLimitWindow = TimeSpan.FromSeconds(1),
        Seed = 7,
    };
}
