namespace BatchInference.Jobs.Sharding;

/// <summary>How large one shard of a job may grow, and how many shards are built at once.</summary>
/// <param name="MaxLines">The most envelope lines in one shard; at least 1. A shard closes at whichever limit it reaches first.</param>
/// <param name="MaxBytes">
/// The most bytes of one shard file (envelopes with their <c>\n</c>); at least 1. A single envelope larger than this
/// still makes a shard of its own, since a shard is never empty.
/// </param>
/// <param name="MaxOpenSpools">
/// The most shards (one per endpoint and model group) built at once, each in its own local temp file; at least 1. When a
/// line of a further group arrives, the fullest open shard is published first, so a job with more groups than this
/// makes more, smaller shards rather than holding more files open.
/// </param>
public sealed record ShardLimits(
    int MaxLines = ShardLimits.DefaultMaxLines, long MaxBytes = ShardLimits.DefaultMaxBytes, int MaxOpenSpools = ShardLimits.DefaultMaxOpenSpools)
{
    /// <summary>The default <see cref="MaxLines"/>: 10,000.</summary>
    public const int DefaultMaxLines = 10_000;

    /// <summary>The default <see cref="MaxBytes"/>: 32 MiB.</summary>
    public const long DefaultMaxBytes = 32L * 1024 * 1024;

    /// <summary>The default <see cref="MaxOpenSpools"/>: 16 (each holds a 64 KiB write buffer, so about 1 MiB in all).</summary>
    public const int DefaultMaxOpenSpools = 16;

    /// <summary>Limits with every default.</summary>
    public static ShardLimits Default { get; } = new();

    /// <summary>Throws when a limit is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLines, 1, nameof(MaxLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1L, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOpenSpools, 1, nameof(MaxOpenSpools));
    }
}
