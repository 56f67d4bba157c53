using BatchInference.Emulator.Faults;
using BatchInference.Emulator.RateLimits;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.Hosting;

/// <summary>Everything one emulator instance remembers between requests.</summary>
internal sealed class EmulatorState(EmulatorOptions options, TimeProvider timeProvider)
{
    public EmulatorRuntimeOptions Options { get; } = new(options);

    public TimeProvider Time { get; } = timeProvider;

    public EmulatorRequestLog RequestLog { get; } = new();

    public RequestRateLimiter RateLimiter { get; } = new(timeProvider);

    public FaultInjector Faults { get; } = new();

    public LatencySimulator Latency { get; } = new(timeProvider);

    public PromptCache PromptCache { get; } = new();

    /// <summary>Back to a fresh start, options kept: empty log, full buckets, cold cache, generators re-seeded.</summary>
    public void Reset()
    {
        RequestLog.Clear();
        RateLimiter.Reset();
        Faults.Reset();
        Latency.Reset();
        PromptCache.Clear();
    }
}
