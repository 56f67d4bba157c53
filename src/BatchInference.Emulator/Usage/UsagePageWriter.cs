using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchInference.Emulator.Usage;

/// <summary>Writes the page envelope and the result objects of the usage and costs endpoints, in OpenAI's shapes.</summary>
internal static partial class UsagePageWriter
{
    private static readonly IReadOnlyList<UsageTotals> NoUsage = [];

    public static void Write(
        Utf8JsonWriter writer,
        UsageBucketPage page,
        IReadOnlyDictionary<DateOnly, IReadOnlyList<UsageTotals>> usage,
        Action<Utf8JsonWriter, IReadOnlyList<UsageTotals>> writeResults)
    {
        writer.WriteStartObject();
        writer.WriteString("object", "page");
        writer.WriteStartArray("data");
        foreach (var start in page.BucketStarts)
        {
            writer.WriteStartObject();
            writer.WriteString("object", "bucket");
            writer.WriteNumber("start_time", start);
            writer.WriteNumber("end_time", start + UsageBucketPage.DaySeconds);
            writer.WriteStartArray("results");
            writeResults(writer, usage.GetValueOrDefault(UsageBucketPage.Day(start), NoUsage));
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("has_more", page.NextPage is not null);
        writer.WriteString("next_page", page.NextPage);
        writer.WriteEndObject();
    }

    /// <summary>
    /// One result per requested group: <c>model</c>, <c>batch</c> (true for Batch API lines) and <c>service_tier</c>
    /// (<c>flex</c> for flex calls, <c>default</c> otherwise); ungrouped dimensions are summed and written as null.
    /// </summary>
    public static void WriteCompletionsResults(Utf8JsonWriter writer, IReadOnlyList<UsageTotals> day, UsageQuery query, EmulatorOptions options)
    {
        var byModel = query.GroupBy.Contains("model");
        var byBatch = query.GroupBy.Contains("batch");
        var byTier = query.GroupBy.Contains("service_tier");
        var groups = day
            .GroupBy(t => (Model: byModel ? t.Model : string.Empty, Batch: byBatch && t.Tier == EmulatorTiers.Batch, Tier: byTier ? ServiceTier(t.Tier) : string.Empty))
            .Select(g => (g.Key, Totals: g.Aggregate((a, b) => a.Plus(b))));
        foreach (var (key, totals) in groups)
        {
            writer.WriteStartObject();
            writer.WriteString("object", "organization.usage.completions.result");
            writer.WriteNumber("input_tokens", totals.InputTokens);
            writer.WriteNumber("output_tokens", totals.OutputTokens);
            writer.WriteNumber("input_cached_tokens", totals.CachedInputTokens);
            writer.WriteNumber("input_audio_tokens", 0);
            writer.WriteNumber("output_audio_tokens", 0);
            writer.WriteNumber("num_model_requests", totals.Requests);
            writer.WriteNull("project_id");
            writer.WriteNull("user_id");
            writer.WriteNull("api_key_id");
            WriteGrouped(writer, query, "model", w => w.WriteString("model", key.Model));
            WriteGrouped(writer, query, "batch", w => w.WriteBoolean("batch", key.Batch));
            WriteGrouped(writer, query, "service_tier", w => w.WriteString("service_tier", key.Tier));
            writer.WriteEndObject();
        }
    }

    public static void WriteEmbeddingsResults(Utf8JsonWriter writer, IReadOnlyList<UsageTotals> day, UsageQuery query, EmulatorOptions options)
    {
        var byModel = query.GroupBy.Contains("model");
        var groups = day.GroupBy(t => byModel ? t.Model : string.Empty).Select(g => g.Aggregate((a, b) => a.Plus(b)));
        foreach (var totals in groups)
        {
            writer.WriteStartObject();
            writer.WriteString("object", "organization.usage.embeddings.result");
            writer.WriteNumber("input_tokens", totals.InputTokens);
            writer.WriteNumber("num_model_requests", totals.Requests);
            writer.WriteNull("project_id");
            writer.WriteNull("user_id");
            writer.WriteNull("api_key_id");
            WriteGrouped(writer, query, "model", w => w.WriteString("model", totals.Model));
            writer.WriteEndObject();
        }
    }

    public static void WriteCostResults(Utf8JsonWriter writer, IReadOnlyList<UsageTotals> day, UsageQuery query, EmulatorOptions options)
    {
        var lines = CostLines(day, options.Prices);
        if (!query.GroupBy.Contains("line_item"))
        {
            lines = lines.Count == 0 ? [] : [(LineItem: (string?)null, Amount: lines.Sum(l => l.Amount))];
        }

        foreach (var (lineItem, amount) in lines)
        {
            writer.WriteStartObject();
            writer.WriteString("object", "organization.costs.result");
            writer.WriteStartObject("amount");
            writer.WriteNumber("value", amount);
            writer.WriteString("currency", "usd");
            writer.WriteEndObject();
            writer.WriteString("line_item", lineItem);
            writer.WriteNull("project_id");
            writer.WriteEndObject();
        }
    }

    // Line items like OpenAI's invoice: "<model>, input" and "<model>, output", with " (batch)" or " (flex)" for those
    // tiers, which cost half. A model without a price is not billed here, as a provider would never bill a model it
    // has no price for.
    private static List<(string? LineItem, decimal Amount)> CostLines(IReadOnlyList<UsageTotals> day, IReadOnlyList<UsagePrice> prices)
    {
        var lines = new List<(string?, decimal)>();
        foreach (var totals in day)
        {
            if (PriceOf(totals.Model, prices) is not { } price)
            {
                continue;
            }

            var suffix = totals.Tier == EmulatorTiers.Realtime ? string.Empty : $" ({totals.Tier})";
            lines.Add(($"{totals.Model}, input{suffix}", price.Cost(totals.InputTokens, totals.CachedInputTokens, 0) * totals.PriceFactor));
            lines.Add(($"{totals.Model}, output{suffix}", price.Cost(0, 0, totals.OutputTokens) * totals.PriceFactor));
        }

        return lines;
    }

    // A dated snapshot (gpt-4o-mini-2024-07-18) is billed like its base model, as providers do.
    private static UsagePrice? PriceOf(string model, IReadOnlyList<UsagePrice> prices) =>
        prices.FirstOrDefault(p => string.Equals(p.Model, model, StringComparison.Ordinal)) ??
        (SnapshotDate().Match(model) is { Success: true } date
            ? prices.FirstOrDefault(p => string.Equals(p.Model, model[..date.Index], StringComparison.Ordinal))
            : null);

    private static string ServiceTier(string tier) => tier == EmulatorTiers.Flex ? "flex" : "default";

    [GeneratedRegex(@"-\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotDate();

    private static void WriteGrouped(Utf8JsonWriter writer, UsageQuery query, string group, Action<Utf8JsonWriter> write)
    {
        if (query.GroupBy.Contains(group))
        {
            write(writer);
        }
        else
        {
            writer.WriteNull(group);
        }
    }
}
