using BatchInference.Emulator.Determinism;

namespace BatchInference.Emulator.Faults;

/// <summary>
/// Decides which model calls fail with a server error. One draw per call whatever the rate, so the pattern depends
/// only on the seed and the order of calls; changing the seed (or a reset) starts the sequence over.
/// </summary>
internal sealed class FaultInjector
{
    private static readonly ServerFault[] Faults =
    [
        new(500, "The server had an error while processing your request. Sorry about that!"),
        new(502, "Bad gateway."),
        new(503, "The server is overloaded or not ready yet."),
    ];

    private readonly object _gate = new();
    private SplitMix64? _random;
    private int _seed;

    /// <summary>The fault to answer with, or null to serve the call.</summary>
    public ServerFault? Next(double errorRate, int seed)
    {
        lock (_gate)
        {
            if (_random is null || seed != _seed)
            {
                _random = new SplitMix64(unchecked((ulong)seed));
                _seed = seed;
            }

            var roll = _random.NextDouble();
            var fault = Faults[_random.NextInt(Faults.Length)];
            return roll < errorRate ? fault : null;
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
