using System.Security.Cryptography;
using System.Text;

namespace BatchInference.Emulator.Tokens;

/// <summary>
/// Imitates OpenAI prompt caching: a prompt of at least 1024 tokens whose prefix was already sent to the same model
/// reports that prefix as cached, in 128-token steps. Prefixes are remembered as SHA-256 digests of the canonical
/// prompt text cut at each step, so memory stays small; the whole cache is dropped when it grows too large.
/// </summary>
internal sealed class PromptCache
{
    public const int MinimumPromptTokens = 1024;
    public const int Increment = 128;
    private const int MaxRememberedPrefixes = 1_000_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, HashSet<UInt128>> _prefixesByModel = new(StringComparer.Ordinal);
    private int _remembered;

    /// <summary>Returns the cached share of this prompt, then remembers its prefixes for the next request.</summary>
    public int LookupAndRemember(string model, string promptText, int promptTokens)
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

        lock (_gate)
        {
            if (!_prefixesByModel.TryGetValue(model, out var seen))
            {
                seen = [];
                _prefixesByModel[model] = seen;
            }

            var cached = 0;
            for (var i = prefixes.Count - 1; i >= 0; i--)
            {
                if (seen.Contains(prefixes[i]))
                {
                    cached = MinimumPromptTokens + (i * Increment);
                    break;
                }
            }

            if (_remembered + prefixes.Count > MaxRememberedPrefixes)
            {
                _prefixesByModel.Clear();
                _prefixesByModel[model] = seen = [];
                _remembered = 0;
            }

            foreach (var prefix in prefixes)
            {
                if (seen.Add(prefix))
                {
                    _remembered++;
                }
            }

            return Math.Min(cached, promptTokens);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _prefixesByModel.Clear();
            _remembered = 0;
        }
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
