using BatchInference.Emulator.Determinism;

namespace BatchInference.Emulator.Faults;

/// <summary>Waits <c>latency + uniform(0, jitter)</c> on the injected clock; the jitter sequence is seeded.</summary>
internal sealed class LatencySimulator(TimeProvider timeProvider)
{
    // Keeps the jitter sequence independent of the fault sequence drawn from the same seed.
    private const ulong StreamSalt = 0x6C61_7465_6E63_7921UL;

    private readonly object _gate = new();
    private SplitMix64? _random;
    private int _seed;

    public TimeSpan NextDelay(TimeSpan latency, TimeSpan jitter, int seed)
    {
        if (jitter <= TimeSpan.Zero)
        {
            return latency;
        }

        double share;
        lock (_gate)
        {
            if (_random is null || seed != _seed)
            {
                _random = new SplitMix64(unchecked((ulong)seed) ^ StreamSalt);
                _seed = seed;
            }

            share = _random.NextDouble();
        }

        return latency + TimeSpan.FromTicks((long)(jitter.Ticks * share));
    }

    /// <summary>Waits the next delay; cancelling stops the wait (the client went away).</summary>
    public async Task DelayAsync(TimeSpan latency, TimeSpan jitter, int seed, CancellationToken cancellationToken = default)
    {
        var delay = NextDelay(latency, jitter, seed);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _random = null;
        }
    }
}
