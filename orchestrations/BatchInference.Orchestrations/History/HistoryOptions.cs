namespace BatchInference.Orchestrations.History;

/// <summary>
/// How the engine learns completion times from its own history (<c>Engine:History:*</c>): how many recent samples make
/// a figure trustworthy, how long samples count and how fast they fade, and how many are kept per key.
/// </summary>
public sealed class HistoryOptions
{
    /// <summary>Configuration section name, under <c>Engine</c>.</summary>
    public const string SectionName = "History";

    /// <summary>Samples inside <see cref="Window"/> a key needs before its figures replace the catalog's: 10.</summary>
    public int MinSamples { get; set; } = 10;

    /// <summary>Samples older than this no longer count: 14 days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Inside the window a sample weighs half as much for every half-life of age: 3 days.</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Samples kept per key (the newest); bounds each history blob: 100.</summary>
    public int MaxSamples { get; set; } = 100;

    /// <summary>Throws naming the first setting that is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        Require(MinSamples >= 1, nameof(MinSamples), MinSamples, "must be at least 1");
        Require(MaxSamples >= MinSamples && MaxSamples <= 1000, nameof(MaxSamples), MaxSamples, "must be between MinSamples and 1000");
        Require(Window > TimeSpan.Zero, nameof(Window), Window, "must be positive");
        Require(HalfLife > TimeSpan.Zero, nameof(HalfLife), HalfLife, "must be positive");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException("Engine:History:" + name, value, $"Engine:History:{name} {rule}.");
        }
    }
}
