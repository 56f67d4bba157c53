namespace BatchInference.Ledger.Pricing;

/// <summary>
/// What one provider, model and tier lets a caller do: the rate limits a real-time style tier runs under and the size
/// limits of one provider batch. A limit that is <see langword="null"/> is not published or does not apply.
/// </summary>
public sealed record TierLimits
{
    /// <summary>No known limits.</summary>
    public static TierLimits None { get; } = new();

    /// <summary>Requests per minute.</summary>
    public long? RequestsPerMinute { get; init; }

    /// <summary>Input plus output tokens per minute (OpenAI's TPM: the prompt plus <c>max_tokens</c> count).</summary>
    public long? TokensPerMinute { get; init; }

    /// <summary>Input tokens per minute, for providers that limit input on its own (Anthropic's ITPM).</summary>
    public long? InputTokensPerMinute { get; init; }

    /// <summary>Output tokens per minute, for providers that limit output on its own (Anthropic's OTPM).</summary>
    public long? OutputTokensPerMinute { get; init; }

    /// <summary>Most request lines in one provider batch.</summary>
    public long? MaxBatchLines { get; init; }

    /// <summary>Most bytes of one provider batch input (file or request body).</summary>
    public long? MaxBatchBytes { get; init; }

    /// <summary>Whether any per-minute limit is known, so a throughput can be computed.</summary>
    public bool HasRateLimits =>
        RequestsPerMinute is not null || TokensPerMinute is not null || InputTokensPerMinute is not null || OutputTokensPerMinute is not null;
}
