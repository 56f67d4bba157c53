namespace BatchInference.Jobs.Summary;

/// <summary>Tokens used by a job, summed over all paid attempts (<c>tokens</c> in <c>summary.json</c>).</summary>
public sealed record JobTokenCounts
{
    /// <summary>Input (prompt) tokens, cached ones included.</summary>
    public long Input { get; init; }

    /// <summary>The part of <see cref="Input"/> served from the provider's prompt cache.</summary>
    public long CachedInput { get; init; }

    /// <summary>Output (completion) tokens, reasoning ones included.</summary>
    public long Output { get; init; }

    /// <summary>The part of <see cref="Output"/> spent on reasoning.</summary>
    public long Reasoning { get; init; }
}
