namespace BatchInference.Jobs.Settings;

/// <summary>
/// Whether the pipeline helps the providers' prompt caches (the <c>cache_hints</c> setting): the only changes it ever
/// makes to a request body, listed in <c>summary.json</c> and never made to a field the user set.
/// </summary>
public enum CacheHintsPolicy
{
    /// <summary>The default: bodies go exactly as written, lines in input order.</summary>
    Off,

    /// <summary>
    /// Lines sharing a long prefix are sent one after another; OpenAI lines get a <c>prompt_cache_key</c> derived from
    /// the prefix and Anthropic lines a <c>cache_control</c> breakpoint after it, when the body has none.
    /// </summary>
    Auto,
}
