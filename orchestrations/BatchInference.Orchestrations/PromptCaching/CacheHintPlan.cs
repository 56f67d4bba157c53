using System.Globalization;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Sharding;
using BatchInference.Jobs.Summary;

namespace BatchInference.Orchestrations.PromptCaching;

/// <summary>
/// Plans prompt-cache-aware sending of one shard (<c>cache_hints: auto</c>), a pure function of its lines: the order to
/// send them in, lines sharing a prefix next to each other (results are merged by sequence, so sending order is free),
/// and per line the one body change that helps its provider's cache, only when the prefix it shares with a neighbour is
/// long enough to be cached and the user did not set the field. OpenAI lines get <c>prompt_cache_key</c>
/// <c>bi-</c> + a digest of that prefix; Anthropic lines a <c>cache_control</c> breakpoint on its last block.
/// </summary>
internal sealed class CacheHintPlan
{
    /// <summary>OpenAI caches prompts of at least this many tokens.</summary>
    public const int OpenAIMinimumTokens = 1024;

    private readonly Dictionary<long, CacheHint> _hints;

    private CacheHintPlan(IReadOnlyList<ShardLine> order, Dictionary<long, CacheHint> hints)
    {
        Order = order;
        _hints = hints;
        Counts = new JobCacheHints
        {
            PromptCacheKeyLines = hints.Values.Count(h => h.PromptCacheKey is not null),
            CacheControlLines = hints.Values.Count(h => h.Breakpoint is not null),
        };
    }

    /// <summary>The shard's lines in sending order: the same lines, grouped by shared prefix, else in input order.</summary>
    public IReadOnlyList<ShardLine> Order { get; }

    /// <summary>How many lines get each change.</summary>
    public JobCacheHints Counts { get; }

    /// <summary>Plans a shard; the lines come in input order.</summary>
    public static CacheHintPlan For(IReadOnlyList<ShardLine> lines)
    {
        var prompts = new List<(ShardLine Line, RequestLine Request, IReadOnlyList<PromptSegment> Segments, bool UserSet, bool Anthropic)>();
        foreach (var line in lines)
        {
            if (line.Line is RequestLine request && CacheHintBody.ProviderOf(request.Url) is { } anthropic)
            {
                var (segments, userSet) = PromptSegments.Read(request.Body, anthropic);
                prompts.Add((line, request, segments, userSet, anthropic));
            }
        }

        // Rank each prefix digest by the first line that has it: sorting by ranks groups lines by every shared prefix,
        // and keeps input order among lines that share nothing.
        var firstSeen = new Dictionary<(string Model, UInt128 Digest), long>();
        foreach (var (line, request, segments, _, _) in prompts)
        {
            foreach (var segment in segments)
            {
                firstSeen.TryAdd((request.Model, segment.PrefixDigest), line.Sequence);
            }
        }

        var sorted = prompts
            .Select(p => (Prompt: p, Ranks: p.Segments.Select(s => firstSeen[(p.Request.Model, s.PrefixDigest)]).Append(p.Line.Sequence).ToArray()))
            .OrderBy(p => p.Ranks, RankComparer.Instance)
            .Select(p => p.Prompt)
            .ToList();

        var hints = new Dictionary<long, CacheHint>();
        for (var i = 0; i < sorted.Count; i++)
        {
            var (line, request, segments, userSet, anthropic) = sorted[i];
            var shared = Math.Max(
                i > 0 ? SharedSegments(sorted[i - 1], sorted[i]) : 0,
                i + 1 < sorted.Count ? SharedSegments(sorted[i], sorted[i + 1]) : 0);
            if (userSet || shared == 0)
            {
                continue;
            }

            var last = segments[shared - 1];
            if (anthropic && last.PrefixTokens >= AnthropicMinimumTokens(request.Model))
            {
                hints[line.Sequence] = new CacheHint(null, last);
            }
            else if (!anthropic && last.PrefixTokens >= OpenAIMinimumTokens)
            {
                hints[line.Sequence] = new CacheHint("bi-" + last.PrefixDigest.ToString("x32", CultureInfo.InvariantCulture)[..24], null);
            }
        }

        var order = sorted.Select(p => p.Line).ToList();
        var rest = lines.Where(l => l.Line is not RequestLine r || CacheHintBody.ProviderOf(r.Url) is null);
        return new CacheHintPlan([.. rest, .. order], hints);
    }

    /// <summary>The body to send for <paramref name="line"/>: with its hint applied, or exactly as written.</summary>
    public ReadOnlyMemory<byte> BodyOf(long sequence, RequestLine line) =>
        _hints.TryGetValue(sequence, out var hint) ? CacheHintBody.Apply(line.Body, hint) : line.Body;

    /// <summary>
    /// The shortest prefix Claude caches (Anthropic's prompt caching docs, "Cache limitations"); a breakpoint on a
    /// shorter one would be ignored, so none is added.
    /// </summary>
    public static int AnthropicMinimumTokens(string model) =>
        model.Contains("haiku-4-5", StringComparison.Ordinal) || model.Contains("opus-4-5", StringComparison.Ordinal)
            || model.Contains("opus-4-6", StringComparison.Ordinal) ? 4096
        : model.Contains("haiku", StringComparison.Ordinal) || model.Contains("sonnet-4-6", StringComparison.Ordinal) ? 2048
        : 1024;

    private static int SharedSegments(
        (ShardLine Line, RequestLine Request, IReadOnlyList<PromptSegment> Segments, bool UserSet, bool Anthropic) a,
        (ShardLine Line, RequestLine Request, IReadOnlyList<PromptSegment> Segments, bool UserSet, bool Anthropic) b)
    {
        if (a.Anthropic != b.Anthropic || !string.Equals(a.Request.Model, b.Request.Model, StringComparison.Ordinal))
        {
            return 0;
        }

        var n = 0;
        while (n < a.Segments.Count && n < b.Segments.Count && a.Segments[n].PrefixDigest == b.Segments[n].PrefixDigest)
        {
            n++;
        }

        return n;
    }

    private sealed class RankComparer : IComparer<long[]>
    {
        public static readonly RankComparer Instance = new();

        public int Compare(long[]? x, long[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                var c = x[i].CompareTo(y[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return x.Length.CompareTo(y.Length);
        }
    }
}
