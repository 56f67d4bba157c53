using BatchInference.Emulator.Batches;
using BatchInference.Emulator.Caching;
using BatchInference.Emulator.Faults;
using BatchInference.Emulator.Files;
using BatchInference.Emulator.Flex;
using BatchInference.Emulator.RateLimits;

namespace BatchInference.Emulator.Hosting;

/// <summary>Everything one emulator instance remembers between requests.</summary>
internal sealed class EmulatorState
{
    public EmulatorState(EmulatorOptions options, TimeProvider timeProvider)
    {
        Options = new EmulatorRuntimeOptions(options);
        Time = timeProvider;
        RateLimiter = new RequestRateLimiter(timeProvider);
        Latency = new LatencySimulator(timeProvider);
        Files = new FileStore(timeProvider);
        PromptCache = new PromptCache(timeProvider);
        AnthropicCache = new AnthropicPromptCache(timeProvider);
        Batches = new BatchEngine(this);
    }

    public EmulatorRuntimeOptions Options { get; }

    public TimeProvider Time { get; }

    public EmulatorRequestLog RequestLog { get; } = new();

    public RequestRateLimiter RateLimiter { get; }

    public FaultInjector Faults { get; } = new();

    public LatencySimulator Latency { get; }

    public PromptCache PromptCache { get; }

    /// <summary>Claude's cache: only what requests mark with <c>cache_control</c>.</summary>
    public AnthropicPromptCache AnthropicCache { get; }

    public FlexCapacity Flex { get; } = new();

    public FileStore Files { get; }

    public BatchEngine Batches { get; }

    /// <summary>Back to a fresh start, options kept: empty log, full buckets, cold cache, generators re-seeded, no files or batches.</summary>
    public void Reset()
    {
        RequestLog.Clear();
        RateLimiter.Reset();
        Faults.Reset();
        Latency.Reset();
        PromptCache.Clear();
        AnthropicCache.Clear();
        Flex.Reset();
        Batches.Clear();
        Files.Clear();
    }
}
