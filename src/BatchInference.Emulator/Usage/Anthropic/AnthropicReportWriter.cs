using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchInference.Emulator.Usage.Anthropic;

/// <summary>
/// Writes Anthropic's report shapes: <c>{data:[{starting_at, ending_at, results}], has_more, next_page}</c>, usage
/// results as in https://platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages and cost results as in
/// https://platform.claude.com/docs/en/api/admin/cost_report ("amount" in cents as a decimal string, "USD").
/// Message Batch requests are reported under <c>service_tier: batch</c> and cost half (Anthropic's batch discount);
/// every other call is the standard tier.
/// </summary>
internal static partial class AnthropicReportWriter
{
    private static readonly IReadOnlyList<UsageTotals> NoUsage = [];

    public static void Write(
        Utf8JsonWriter writer,
        AnthropicBucketPage page,
        IReadOnlyDictionary<DateOnly, IReadOnlyList<UsageTotals>> usage,
        Action<Utf8JsonWriter, IReadOnlyList<UsageTotals>> writeResults)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var start in page.BucketStarts)
        {
            writer.WriteStartObject();
            writer.WriteString("starting_at", AnthropicUsageQuery.Rfc3339(start));
            writer.WriteString("ending_at", AnthropicUsageQuery.Rfc3339(start.AddDays(1)));
            writer.WriteStartArray("results");
            writeResults(writer, usage.GetValueOrDefault(DateOnly.FromDateTime(start.UtcDateTime), NoUsage));
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("has_more", page.NextPage is not null);
        writer.WriteString("next_page", page.NextPage);
        writer.WriteEndObject();
    }

    public static void WriteUsageResults(Utf8JsonWriter writer, IReadOnlyList<UsageTotals> day, IReadOnlySet<string> groupBy)
    {
        var byModel = groupBy.Contains("model");
        var byTier = groupBy.Contains("service_tier");
        var groups = day
            .GroupBy(t => (Model: byModel ? t.Model : string.Empty, Tier: byTier ? ServiceTier(t.Tier) : string.Empty))
            .Select(g => (g.Key, Totals: g.Aggregate((a, b) => a.Plus(b))));
        foreach (var (key, totals) in groups)
        {
            writer.WriteStartObject();
            writer.WriteNumber("uncached_input_tokens", totals.InputTokens - totals.CachedInputTokens - totals.CacheWriteInputTokens);
            writer.WriteStartObject("cache_creation");
            writer.WriteNumber("ephemeral_1h_input_tokens", 0);
            writer.WriteNumber("ephemeral_5m_input_tokens", totals.CacheWriteInputTokens);
            writer.WriteEndObject();
            writer.WriteNumber("cache_read_input_tokens", totals.CachedInputTokens);
            writer.WriteNumber("output_tokens", totals.OutputTokens);
            writer.WriteStartObject("server_tool_use");
            writer.WriteNumber("web_search_requests", 0);
            writer.WriteEndObject();
            writer.WriteNull("api_key_id");
            writer.WriteNull("workspace_id");
            writer.WriteNull("context_window");
            WriteGrouped(writer, byModel, "model", key.Model);
            WriteGrouped(writer, byTier, "service_tier", key.Tier);
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// With <c>group_by[]=description</c> one result per model and token type; otherwise one total. A model without a
    /// price is not billed, as a provider never bills a model it has no price for.
    /// </summary>
    public static void WriteCostResults(Utf8JsonWriter writer, IReadOnlyList<UsageTotals> day, IReadOnlySet<string> groupBy, IReadOnlyList<UsagePrice> prices)
    {
        var lines = new List<(string Model, string Tier, string TokenType, decimal Dollars)>();
        foreach (var totals in day)
        {
            if (PriceOf(totals.Model, prices) is { } price)
            {
                var cached = Math.Min(totals.CachedInputTokens, totals.InputTokens);
                var written = Math.Min(totals.CacheWriteInputTokens, totals.InputTokens - cached);
                var tier = ServiceTier(totals.Tier);
                var factor = totals.PriceFactor;
                lines.Add((totals.Model, tier, "uncached_input_tokens", price.Cost(totals.InputTokens - cached - written, 0, 0) * factor));
                lines.Add((totals.Model, tier, "cache_read_input_tokens", cached * price.CachedInputPerMillion / 1_000_000m * factor));
                if (written > 0)
                {
                    // Anthropic prices 5-minute cache writes at 1.25x the input price.
                    lines.Add((totals.Model, tier, "cache_creation.ephemeral_5m_input_tokens", written * price.InputPerMillion * 1.25m / 1_000_000m * factor));
                }
                lines.Add((totals.Model, tier, "output_tokens", price.Cost(0, 0, totals.OutputTokens) * factor));
            }
        }

        if (!groupBy.Contains("description"))
        {
            if (lines.Count > 0)
            {
                WriteCost(writer, null, null, null, lines.Sum(l => l.Dollars));
            }

            return;
        }

        foreach (var (model, tier, tokenType, dollars) in lines)
        {
            WriteCost(writer, model, tier, tokenType, dollars);
        }
    }

    private static void WriteCost(Utf8JsonWriter writer, string? model, string? serviceTier, string? tokenType, decimal dollars)
    {
        writer.WriteStartObject();
        writer.WriteString("currency", "USD");
        writer.WriteString("amount", (dollars * 100m).ToString("0.############################", CultureInfo.InvariantCulture));
        writer.WriteNull("workspace_id");
        writer.WriteString("description", model is null ? null : $"{model} {tokenType}");
        writer.WriteString("cost_type", model is null ? null : "tokens");
        writer.WriteNull("context_window");
        writer.WriteString("model", model);
        writer.WriteString("service_tier", serviceTier);
        writer.WriteString("token_type", tokenType);
        writer.WriteEndObject();
    }

    // A dated snapshot (claude-sonnet-4-20250514) is billed like its base model, as Anthropic does.
    private static UsagePrice? PriceOf(string model, IReadOnlyList<UsagePrice> prices) =>
        prices.FirstOrDefault(p => string.Equals(p.Model, model, StringComparison.Ordinal)) ??
        (SnapshotDate().Match(model) is { Success: true } date
            ? prices.FirstOrDefault(p => string.Equals(p.Model, model[..date.Index], StringComparison.Ordinal))
            : null);

    private static string ServiceTier(string tier) => tier == EmulatorTiers.Batch ? "batch" : "standard";

    [GeneratedRegex(@"-\d{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotDate();

    private static void WriteGrouped(Utf8JsonWriter writer, bool grouped, string name, string value)
    {
        if (grouped)
        {
            writer.WriteString(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
