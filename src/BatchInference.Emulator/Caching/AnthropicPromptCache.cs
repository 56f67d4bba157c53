namespace BatchInference.Emulator.Caching;

/// <summary>
/// Imitates Claude's prompt caching (https://docs.claude.com/en/docs/build-with-claude/prompt-caching) on the emulator's
/// clock: only prefixes ending at a block marked <c>cache_control</c> are written, and only when at least
/// <see cref="AnthropicCacheMinimum"/> tokens long. A request reads the longest live entry ending at a block boundary
/// up to <see cref="LookbackBlocks"/> blocks before one of its breakpoints, which refreshes that entry's
/// <see cref="Lifetime"/>; the prompt from there to its last long-enough breakpoint is written. Every breakpoint is
/// treated as the default 5-minute <c>ephemeral</c> one.
/// </summary>
internal sealed class AnthropicPromptCache(TimeProvider time)
{
    public const int LookbackBlocks = 20;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const int MaxEntries = 1_000_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, UInt128 Prefix), DateTimeOffset> _lastUsed = [];

    /// <summary>Reads and writes the cache for one served request; a request without breakpoints never touches it.</summary>
    public AnthropicCacheUse LookupAndWrite(string model, IReadOnlyList<AnthropicCacheBlock> blocks, int promptTokens)
    {
        var minimum = AnthropicCacheMinimum.TokensFor(model);
        var breakpoints = Enumerable.Range(0, blocks.Count).Where(i => blocks[i].Breakpoint).ToList();
        if (breakpoints.Count == 0)
        {
            return default;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            var read = -1;
            foreach (var breakpoint in breakpoints)
            {
                for (var i = breakpoint; i >= Math.Max(0, breakpoint - LookbackBlocks + 1) && i > read; i--)
                {
                    if (_lastUsed.TryGetValue((model, blocks[i].PrefixDigest), out var used) && now - used < Lifetime)
                    {
                        read = i;
                        break;
                    }
                }
            }

            var readTokens = 0;
            if (read >= 0)
            {
                _lastUsed[(model, blocks[read].PrefixDigest)] = now;
                readTokens = blocks[read].PrefixTokens;
            }

            var written = read;
            foreach (var breakpoint in breakpoints.Where(b => b > read && blocks[b].PrefixTokens >= minimum))
            {
                if (_lastUsed.Count >= MaxEntries)
                {
                    _lastUsed.Clear();
                }

                _lastUsed[(model, blocks[breakpoint].PrefixDigest)] = now;
                written = breakpoint;
            }

            var writeTokens = written > read ? blocks[written].PrefixTokens - readTokens : 0;
            readTokens = Math.Min(readTokens, promptTokens);
            return new AnthropicCacheUse(readTokens, Math.Min(writeTokens, promptTokens - readTokens));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _lastUsed.Clear();
        }
    }
}
