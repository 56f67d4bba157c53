namespace BatchInference.Emulator.Caching;

/// <summary>What the cache did for one Claude request: input tokens read from it and written to it.</summary>
internal readonly record struct AnthropicCacheUse(int ReadTokens, int WriteTokens);
