namespace BatchInference.Emulator.Caching;

/// <summary>One remembered prefix: when it was written and last read, which decide whether it is still there.</summary>
internal sealed record CacheEntry(DateTimeOffset Written, DateTimeOffset LastUsed)
{
    /// <summary>OpenAI: gone after 5 idle minutes, and at most an hour after it was written.</summary>
    public bool IsLive(DateTimeOffset now) => now - LastUsed < PromptCache.IdleLifetime && now - Written < PromptCache.MaxLifetime;
}
