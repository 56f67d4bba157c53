using System.Globalization;
using BatchInference.Emulator;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Bench.Tiers;

/// <summary>What one request line actually took, as the provider (the emulator) counted it.</summary>
/// <param name="Line">The line as generated.</param>
/// <param name="Shard">The block of input it belongs to (see <see cref="MixedJob"/>).</param>
/// <param name="Tokens">Input, cached input and output tokens of its answer.</param>
internal sealed record LineUsage(BenchRequestLine Line, int Shard, TokenCounts Tokens)
{
    /// <summary>
    /// Pairs each generated line with the tokens of its first billable answer in the request logs; a line that was never
    /// answered is left out (the caller reports how many). A real-time call names its line by <c>custom_id</c> in its
    /// client request id; a batch line carries the id the engine gives it in a provider batch, <c>l&lt;sequence&gt;</c>,
    /// its 0-based position in the input.
    /// </summary>
    public static IReadOnlyList<LineUsage> FromRequestLogs(
        IReadOnlyList<BenchRequestLine> lines, int shardLines, IEnumerable<EmulatorRequestRecord> log)
    {
        var index = new Dictionary<string, int>(lines.Count, StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            index[lines[i].CustomId] = i;
        }

        var answered = new Dictionary<int, TokenCounts>();
        foreach (var record in log.Where(r => r.Billable).OrderBy(r => r.At))
        {
            if (LineOf(record.ClientRequestId, index, lines.Count) is { } line)
            {
                answered.TryAdd(line, new TokenCounts(record.PromptTokens, record.CachedTokens, record.CompletionTokens, 0));
            }
        }

        return [.. answered.OrderBy(a => a.Key).Select(a => new LineUsage(lines[a.Key], a.Key / shardLines, a.Value))];
    }

    private static int? LineOf(string? clientRequestId, Dictionary<string, int> index, int count)
    {
        if (BenchRequestLine.CustomIdOf(clientRequestId) is not { } id)
        {
            return null;
        }

        if (index.TryGetValue(id, out var line))
        {
            return line;
        }

        return id.Length > 1 && id[0] == 'l' && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence < count
            ? sequence
            : null;
    }
}
