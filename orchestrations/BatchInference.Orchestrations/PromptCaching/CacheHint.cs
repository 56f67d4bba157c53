namespace BatchInference.Orchestrations.PromptCaching;

/// <summary>
/// The one change the hints make to a line's body: a <c>prompt_cache_key</c> (OpenAI) or a <c>cache_control</c>
/// breakpoint on one block (Anthropic). Null members mean "not that change".
/// </summary>
/// <param name="PromptCacheKey">The key to add at the top level of an OpenAI body.</param>
/// <param name="Breakpoint">The block of an Anthropic body to mark with <c>{"type":"ephemeral"}</c>.</param>
internal sealed record CacheHint(string? PromptCacheKey, PromptSegment? Breakpoint);
