using System.Security.Cryptography;
using System.Text;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.Caching;

/// <summary>
/// Imitates OpenAI prompt caching (https://platform.openai.com/docs/guides/prompt-caching), deterministically on the
/// emulator's clock: a prompt of at least 1024 tokens whose prefix was already seen <em>on the same machine</em> reports
/// that prefix as cached, in 128-token steps. Each model has <see cref="Machines"/> machines, each with its own cache.
/// A request with a <c>prompt_cache_key</c> goes to the machine picked by a hash of its first 256 tokens and the key,
/// for up to <see cref="RequestsPerMinutePerRoute"/> requests per clock minute of that (prefix, key); past that, and
/// always without a key, it goes to the machine picked by a hash of its whole prompt (the emulator's pessimistic reading
/// of "overflow to additional machines"; docs/emulator-prompt-caching.md). An entry expires after
/// <see cref="IdleLifetime"/> without a hit and <see cref="MaxLifetime"/> after it was written.
/// </summary>
internal sealed class PromptCache(TimeProvider time)
{
    public const int MinimumPromptTokens = 1024;
    public const int Increment = 128;
    public const int RoutingPrefixTokens = 256;
    public const int Machines = 64;
    public const int RequestsPerMinutePerRoute = 15;
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);
    private const int MaxRememberedPrefixes = 1_000_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Model, int Machine, UInt128 Prefix), CacheEntry> _entries = [];
    private readonly Dictionary<(string Model, UInt128 Route), (long Minute, int Count)> _routes = [];

    /// <summary>Returns the cached share of this prompt, then remembers its prefixes on the machine that served it.</summary>
    /// <param name="model">The model: caches are per model.</param>
    /// <param name="promptText">The canonical prompt text whose prefixes are compared.</param>
    /// <param name="promptTokens">The prompt's billed tokens.</param>
    /// <param name="cacheKey">The request's <c>prompt_cache_key</c>, or null.</param>
    public int LookupAndRemember(string model, string promptText, int promptTokens, string? cacheKey = null)
    {
        if (promptTokens < MinimumPromptTokens)
        {
            return 0;
        }

        var prefixes = PrefixDigests(promptText);
        if (prefixes.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            var machine = Route(model, promptText, cacheKey, now);
            var cached = 0;
            for (var i = prefixes.Count - 1; i >= 0; i--)
            {
                if (_entries.TryGetValue((model, machine, prefixes[i]), out var entry) && entry.IsLive(now))
                {
                    cached = MinimumPromptTokens + (i * Increment);
                    break;
                }
            }

            if (_entries.Count + prefixes.Count > MaxRememberedPrefixes)
            {
                _entries.Clear();
            }

            foreach (var prefix in prefixes)
            {
                var key = (model, machine, prefix);
                _entries[key] = _entries.TryGetValue(key, out var entry) && entry.IsLive(now) ? entry with { LastUsed = now } : new CacheEntry(now, now);
            }

            return Math.Min(cached, promptTokens);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _routes.Clear();
        }
    }

    // Under the gate.
    private int Route(string model, string promptText, string? cacheKey, DateTimeOffset now)
    {
        if (cacheKey is not null)
        {
            var head = promptText[..Math.Min(promptText.Length, RoutingPrefixTokens * TokenEstimator.CharsPerToken)];
            var route = Digest(head + "\u0000" + cacheKey);
            var minute = now.ToUnixTimeSeconds() / 60;
            var count = _routes.TryGetValue((model, route), out var seen) && seen.Minute == minute ? seen.Count + 1 : 1;
            _routes[(model, route)] = (minute, count);
            if (count <= RequestsPerMinutePerRoute)
            {
                return (int)(route % Machines);
            }
        }

        return (int)(Digest(promptText) % Machines);
    }

    private static UInt128 Digest(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..]));
    }

    // Digest of the first 1024, 1152, 1280… tokens (4 characters each), computed in one incremental pass.
    private static List<UInt128> PrefixDigests(string promptText)
    {
        var wholeTokens = promptText.Length / TokenEstimator.CharsPerToken;
        var digests = new List<UInt128>();
        if (wholeTokens < MinimumPromptTokens)
        {
            return digests;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> digest = stackalloc byte[32];
        var hashedChars = 0;
        for (var tokens = MinimumPromptTokens; tokens <= wholeTokens; tokens += Increment)
        {
            var end = tokens * TokenEstimator.CharsPerToken;
            hash.AppendData(Encoding.UTF8.GetBytes(promptText, hashedChars, end - hashedChars));
            hashedChars = end;
            hash.GetCurrentHash(digest);
            digests.Add(new UInt128(BitConverter.ToUInt64(digest), BitConverter.ToUInt64(digest[8..])));
        }

        return digests;
    }
}
