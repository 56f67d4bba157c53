namespace BatchInference.Jobs.Summary;

/// <summary>
/// The body changes <c>cache_hints: auto</c> made (summary.json <c>cache_hints</c>; absent when the setting was off):
/// the only changes the pipeline ever makes to a request body, never to a field the user set.
/// </summary>
public sealed record JobCacheHints
{
    /// <summary>OpenAI lines sent with a <c>prompt_cache_key</c> derived from the prefix they share with other lines.</summary>
    public long PromptCacheKeyLines { get; init; }

    /// <summary>Anthropic lines sent with a <c>cache_control</c> breakpoint after the prefix they share with other lines.</summary>
    public long CacheControlLines { get; init; }

    /// <summary>The sum of two counts (e.g. of two shards).</summary>
    /// <param name="other">The counts to add.</param>
    /// <returns>The sum.</returns>
    public JobCacheHints Plus(JobCacheHints other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new() { PromptCacheKeyLines = PromptCacheKeyLines + other.PromptCacheKeyLines, CacheControlLines = CacheControlLines + other.CacheControlLines };
    }
}
