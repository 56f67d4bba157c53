namespace BatchInference.Emulator.Usage.Anthropic;

/// <summary>
/// The request log folded into what Anthropic's usage and cost reports hold: billable <c>/v1/messages</c> calls per
/// UTC day and model, plus the injected <see cref="UsageDiscrepancy"/> entries of Claude models (the OpenAI reports
/// keep theirs). <see cref="UsageTotals.CachedInputTokens"/> holds cache reads, <see cref="UsageTotals.CacheWriteInputTokens"/> cache writes.
/// </summary>
internal static class AnthropicDailyUsage
{
    /// <summary>Path of Anthropic's Messages API, whose billable calls the reports count.</summary>
    public const string MessagesPath = "/v1/messages";

    public static IReadOnlyDictionary<DateOnly, IReadOnlyList<UsageTotals>> ByDayAndModel(
        IEnumerable<EmulatorRequestRecord> records, IEnumerable<UsageDiscrepancy> discrepancies)
    {
        var totals = new Dictionary<(DateOnly Day, string Model, string Tier), UsageTotals>();
        foreach (var record in records)
        {
            if (record.Billable && record.Model is not null && string.Equals(record.Path, MessagesPath, StringComparison.Ordinal))
            {
                Add(totals, DateOnly.FromDateTime(record.At.UtcDateTime), new UsageTotals(
                    record.Model, 1, record.PromptTokens, record.CachedTokens, record.CompletionTokens, record.Tier, record.CacheWriteTokens));
            }
        }

        foreach (var extra in discrepancies.Where(d => d.Model.StartsWith("claude", StringComparison.Ordinal)))
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
