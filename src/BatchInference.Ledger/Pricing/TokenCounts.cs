namespace BatchInference.Ledger.Pricing;

/// <summary>Tokens one paid attempt consumed, as the provider reported them.</summary>
/// <param name="Input">All input (prompt) tokens, cached ones included.</param>
/// <param name="CachedInput">The part of <paramref name="Input"/> served from the provider's prompt cache.</param>
/// <param name="Output">Output (completion) tokens, reasoning tokens included.</param>
/// <param name="Reasoning">The part of <paramref name="Output"/> spent on hidden reasoning.</param>
public sealed record TokenCounts(long Input, long CachedInput, long Output, long Reasoning)
{
    /// <summary>No tokens.</summary>
    public static TokenCounts Zero { get; } = new(0, 0, 0, 0);

    /// <summary>
    /// The part of <see cref="Input"/> written to the provider's prompt cache (Anthropic's
    /// <c>cache_creation_input_tokens</c>), billed at <see cref="ModelPrice.CacheWritePerMillion"/>; 0 by default.
    /// </summary>
    public long CacheWrite { get; init; }
}
