namespace BatchInference.Emulator.Usage;

/// <summary>
/// The request log folded into what a provider's usage report holds: billable calls per UTC day and model, plus the
/// injected <see cref="UsageDiscrepancy"/> entries. Pure: same log and options, same totals.
/// </summary>
internal static class DailyUsage
{
    /// <summary>Totals per (day, model) of the billable records whose path is in <paramref name="paths"/>.</summary>
    public static IReadOnlyDictionary<DateOnly, IReadOnlyList<UsageTotals>> ByDayAndModel(
        IEnumerable<EmulatorRequestRecord> records, IReadOnlyCollection<string> paths, IEnumerable<UsageDiscrepancy> discrepancies)
    {
        var totals = new Dictionary<(DateOnly Day, string Model, string Tier), UsageTotals>();
        foreach (var record in records)
        {
            if (!record.Billable || record.Model is null || !paths.Contains(record.Path))
            {
                continue;
            }

            Add(totals, DateOnly.FromDateTime(record.At.UtcDateTime), new UsageTotals(
                record.Model, 1, record.PromptTokens, record.CachedTokens, record.CompletionTokens, record.Tier));
        }

        // Claude models are Anthropic's: their discrepancies belong to the Anthropic reports, not to OpenAI's.
        foreach (var extra in discrepancies.Where(d => !d.Model.StartsWith("claude", StringComparison.Ordinal)))
        {
            Add(totals, extra.Day, new UsageTotals(extra.Model, extra.ExtraRequests, extra.ExtraInputTokens, 0, extra.ExtraOutputTokens));
        }

        return totals
            .GroupBy(pair => pair.Key.Day)
            .ToDictionary(
                day => day.Key,
                day => (IReadOnlyList<UsageTotals>)[.. day.Select(pair => pair.Value).OrderBy(t => t.Model, StringComparer.Ordinal).ThenBy(t => t.Tier, StringComparer.Ordinal)]);
    }

    private static void Add(Dictionary<(DateOnly, string, string), UsageTotals> totals, DateOnly day, UsageTotals usage)
    {
        var key = (day, usage.Model, usage.Tier);
        totals[key] = totals.TryGetValue(key, out var sum) ? sum.Plus(usage) : usage;
    }
}
