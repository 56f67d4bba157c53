namespace BatchInference.Providers.Batches;

/// <summary>Per-line error codes every batch provider maps to.</summary>
public static class BatchErrorCodes
{
    /// <summary>The batch expired before the line ran (OpenAI <c>batch_expired</c>, Anthropic <c>expired</c>).</summary>
    public const string Expired = "batch_expired";

    /// <summary>The batch was cancelled before the line ran (OpenAI <c>batch_cancelled</c>, Anthropic <c>canceled</c>).</summary>
    public const string Cancelled = "batch_cancelled";
}
