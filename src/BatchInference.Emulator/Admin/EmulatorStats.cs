using System.Globalization;

namespace BatchInference.Emulator.Admin;

/// <summary>What <c>GET /_emulator/stats</c> returns: counts by status and by model, billable calls and tokens.</summary>
internal sealed record EmulatorStats(
    int Requests,
    int Billable,
    long PromptTokens,
    long CachedTokens,
    long CompletionTokens,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, ModelStats> ByModel)
{
    public static EmulatorStats From(IReadOnlyList<EmulatorRequestRecord> records)
    {
        var byStatus = records
            .GroupBy(r => r.StatusCode)
            .OrderBy(g => g.Key)
            .ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count(), StringComparer.Ordinal);
        var byModel = records
            .Where(r => r.Model is not null)
            .GroupBy(r => r.Model!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Totals(g.ToList()), StringComparer.Ordinal);
        var all = Totals(records);
        return new EmulatorStats(
            all.Requests, all.Billable, all.PromptTokens, all.CachedTokens, all.CompletionTokens, byStatus, byModel);
    }

    private static ModelStats Totals(IReadOnlyCollection<EmulatorRequestRecord> records) => new(
        records.Count,
        records.Count(r => r.Billable),
        records.Sum(r => (long)r.PromptTokens),
        records.Sum(r => (long)r.CachedTokens),
        records.Sum(r => (long)r.CompletionTokens));
}
