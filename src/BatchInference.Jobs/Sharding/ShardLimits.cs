namespace BatchInference.Jobs.Sharding;

/// <summary>How large one shard of a job may grow; a shard closes at whichever limit it reaches first.</summary>
/// <param name="MaxLines">The most envelope lines in one shard; at least 1.</param>
/// <param name="MaxBytes">
/// The most bytes of one shard file (envelopes with their <c>\n</c>); at least 1. A single envelope larger than this
/// still makes a shard of its own, since a shard is never empty.
/// </param>
public sealed record ShardLimits(int MaxLines = ShardLimits.DefaultMaxLines, long MaxBytes = ShardLimits.DefaultMaxBytes)
{
    /// <summary>The default <see cref="MaxLines"/>: 10,000.</summary>
    public const int DefaultMaxLines = 10_000;

    /// <summary>The default <see cref="MaxBytes"/>: 32 MiB.</summary>
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    /// <summary>Limits with every default.</summary>
    public static ShardLimits Default { get; } = new();

    /// <summary>Throws when a limit is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="MaxLines"/> or <see cref="MaxBytes"/> is below 1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLines, 1, nameof(MaxLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1L, nameof(MaxBytes));
    }
}
