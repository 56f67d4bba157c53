namespace BatchInference.Bench.Tiers;

/// <summary>Which of the emulator's two limits a rate-limit scenario binds on.</summary>
internal enum LimitedResource
{
    /// <summary>Tokens per window (TPM): prompt tokens plus <c>max_tokens</c> per request, as OpenAI counts them.</summary>
    Tokens,

    /// <summary>Requests per window (RPM).</summary>
    Requests,
}
