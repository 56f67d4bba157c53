namespace BatchInference.Emulator.Determinism;

/// <summary>
/// A tiny seeded generator (Steele, Lea and Flood's SplitMix64). Written out rather than using <see cref="Random"/>,
/// whose seeded sequence .NET does not promise to keep across versions: fault patterns and embeddings must not drift.
/// Not thread-safe; callers lock.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 bits of precision.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, count).</summary>
    public int NextInt(int count) => (int)(NextDouble() * count);
}
