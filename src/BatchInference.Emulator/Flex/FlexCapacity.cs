using BatchInference.Emulator.Determinism;

namespace BatchInference.Emulator.Flex;

/// <summary>
/// Decides which <c>service_tier: "flex"</c> calls find no capacity. The draw depends only on the seed, the request
/// body and how many times that same body was sent on flex before, so concurrent clients get the same answers in any
/// order, a retry draws again (and may succeed, as OpenAI suggests), and a replayed run replays its 429s.
/// </summary>
internal sealed class FlexCapacity
{
    // Bodies seen on flex are remembered by a 128-bit digest; the table is dropped when it grows this large.
    private const int MaxRememberedBodies = 1_000_000;

    private readonly object _gate = new();
    private readonly Dictionary<UInt128, int> _attemptsByBody = [];

    /// <summary>True when this call should be answered 429 "Resource Unavailable".</summary>
    public bool IsUnavailable(ReadOnlySpan<byte> bodyHash, double unavailableRate, int seed)
    {
        if (unavailableRate <= 0)
        {
            return false;
        }

        var key = new UInt128(StableHash.ToUInt64(bodyHash), StableHash.ToUInt64(bodyHash[8..]));
        int attempt;
        lock (_gate)
        {
            if (_attemptsByBody.Count >= MaxRememberedBodies)
            {
                _attemptsByBody.Clear();
            }

            attempt = _attemptsByBody.GetValueOrDefault(key);
            _attemptsByBody[key] = attempt + 1;
        }

        var draw = StableHash.Of(StableHash.Of(bodyHash, seed), attempt);
        var roll = (StableHash.ToUInt64(draw) >> 11) * (1.0 / (1UL << 53));
        return roll < unavailableRate;
    }

    public void Reset()
    {
        lock (_gate)
        {
            _attemptsByBody.Clear();
        }
    }
}
