namespace BatchInference.Providers.Realtime;

/// <summary>Tokens billed for one paid call.</summary>
/// <param name="InputTokens">Prompt tokens, cached ones included.</param>
/// <param name="CachedInputTokens">The part of <paramref name="InputTokens"/> served from the prompt cache.</param>
/// <param name="OutputTokens">Completion tokens, reasoning ones included.</param>
/// <param name="ReasoningTokens">The part of <paramref name="OutputTokens"/> spent on reasoning.</param>
public sealed record TokenUsage(long InputTokens, long CachedInputTokens, long OutputTokens, long ReasoningTokens);
