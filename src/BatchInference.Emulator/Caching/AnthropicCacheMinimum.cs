namespace BatchInference.Emulator.Caching;

/// <summary>
/// The shortest prompt Claude caches, per model, from Anthropic's prompt caching docs ("Cache limitations"): shorter
/// prefixes are processed without caching, with no error. Unknown models get the common 1,024.
/// </summary>
internal static class AnthropicCacheMinimum
{
    public static int TokensFor(string model) =>
        model.Contains("haiku-4-5", StringComparison.Ordinal) || model.Contains("opus-4-5", StringComparison.Ordinal)
            || model.Contains("opus-4-6", StringComparison.Ordinal) ? 4096
        : model.Contains("haiku-3", StringComparison.Ordinal) || model.Contains("3-haiku", StringComparison.Ordinal)
            || model.Contains("3-5-haiku", StringComparison.Ordinal) || model.Contains("sonnet-4-6", StringComparison.Ordinal) ? 2048
        : 1024;
}
