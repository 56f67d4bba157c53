namespace BatchInference.Providers.Realtime;

/// <summary>Tokens billed for one paid call.</summary>
/// <param name="InputTokens">Prompt tokens, cached ones and cache writes included.</param>
/// <param name="CachedInputTokens">The part of <paramref name="InputTokens"/> served from the prompt cache (cache reads).</param>
/// <param name="OutputTokens">Completion tokens, reasoning ones included.</param>
/// <param name="ReasoningTokens">The part of <paramref name="OutputTokens"/> spent on reasoning.</param>
/// <param name="CacheWriteTokens">
/// The part of <paramref name="InputTokens"/> written to the prompt cache, which Anthropic bills above the base input
/// price; 0 for providers that do not bill cache writes.
/// </param>
public sealed record TokenUsage(long InputTokens, long CachedInputTokens, long OutputTokens, long ReasoningTokens, long CacheWriteTokens = 0);
