namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// Estimates the tokens a request will count against a TPM limit before it is sent: input from the body size
/// (about 4 bytes per token, which over-counts JSON punctuation; erring high is the safe side of a rate limit) plus the
/// body's output limit (<c>max_completion_tokens</c>, <c>max_tokens</c> or <c>max_output_tokens</c>, times <c>n</c>), or
/// a default when it sets none. Embeddings produce no output tokens.
/// </summary>
internal static class RequestTokenEstimator
{
    public const int BytesPerToken = 4;

    public static int Estimate(ReadOnlySpan<byte> body, string url, int defaultOutputTokens)
    {
        long input = (body.Length + BytesPerToken - 1) / BytesPerToken;
        long output = 0;
        if (!url.EndsWith("/embeddings", StringComparison.Ordinal))
        {
            var (limit, choices) = RequestOutputLimit.Read(body);
            output = (limit ?? defaultOutputTokens) * choices;
        }

        return (int)Math.Min(int.MaxValue, input + output);
    }
}
