using System.Text.Json;

namespace BatchInference.Ledger.Reconciliation;

/// <summary>
/// Reads the bucket pages of OpenAI's <c>/v1/organization/usage/completions</c> (grouped by model, batch and
/// service_tier) and <c>/v1/organization/costs</c> (grouped by line_item) into per-day, per-model, per-tier totals.
/// </summary>
internal static class OpenAIUsageReport
{
    /// <summary>A cost line item that names no model: kept, so unexplained spend still shows up.</summary>
    public const string UnattributedModel = "(unattributed)";

    /// <summary>Adds the bucket's usage results; <paramref name="tiered"/> false for a report without tier grouping.</summary>
    public static void AddUsage(
        JsonElement bucket, Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine> lines, string currency, bool tiered = true)
    {
        var day = DayOf(bucket);
        foreach (var result in bucket.GetProperty("results").EnumerateArray())
        {
            var model = ModelName.Normalize(StringOrNull(result, "model") ?? UnattributedModel);
            var batch = result.TryGetProperty("batch", out var b) && b.ValueKind == JsonValueKind.True;
            var tier = !tiered ? ProviderUsageLine.AllTiers : batch ? "batch" : string.Equals(StringOrNull(result, "service_tier"), "flex", StringComparison.Ordinal) ? "flex" : "realtime";
            var usage = new ProviderUsageLine(
                model,
                tier,
                Long(result, "num_model_requests"),
                Long(result, "input_tokens"),
                Long(result, "input_cached_tokens"),
                Long(result, "output_tokens"),
                0m,
                currency);
            var key = (day, model, tier);
            lines[key] = lines.TryGetValue(key, out var sum) ? Plus(sum, usage) : usage;
        }
    }

    /// <summary>
    /// Adds the bucket's cost results. A line item reads "<c>&lt;model&gt;, &lt;kind&gt;</c>"; a kind mentioning
    /// "batch" is the batch tier, one naming "flex" the flex tier, anything else real-time (the costs API has no tier field).
    /// </summary>
    public static void AddCosts(JsonElement bucket, Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine> lines)
    {
        var day = DayOf(bucket);
        foreach (var result in bucket.GetProperty("results").EnumerateArray())
        {
            var amount = result.GetProperty("amount");
            var value = amount.GetProperty("value");
            var cost = value.ValueKind == JsonValueKind.String
                ? decimal.Parse(value.GetString()!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
                : value.GetDecimal();
            var currency = (StringOrNull(amount, "currency") ?? "usd").ToUpperInvariant();
            var lineItem = StringOrNull(result, "line_item");
            var comma = lineItem?.IndexOf(", ", StringComparison.Ordinal) ?? -1;
            var model = lineItem is null ? UnattributedModel : ModelName.Normalize(comma < 0 ? lineItem : lineItem[..comma]);
            var tier = lineItem is null ? "realtime"
                : lineItem.Contains("batch", StringComparison.OrdinalIgnoreCase) ? "batch"
                : lineItem.Contains("flex", StringComparison.OrdinalIgnoreCase) ? "flex"
                : "realtime";
            var key = (day, model, tier);
            lines[key] = lines.TryGetValue(key, out var sum)
                ? sum with { Cost = sum.Cost + cost, Currency = currency }
                : new ProviderUsageLine(model, tier, 0, 0, 0, 0, cost, currency);
        }
    }

    private static ProviderUsageLine Plus(ProviderUsageLine a, ProviderUsageLine b) => a with
    {
        Requests = a.Requests + b.Requests,
        InputTokens = a.InputTokens + b.InputTokens,
        CachedInputTokens = a.CachedInputTokens + b.CachedInputTokens,
        OutputTokens = a.OutputTokens + b.OutputTokens,
    };

    private static DateOnly DayOf(JsonElement bucket) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(bucket.GetProperty("start_time").GetInt64()).UtcDateTime);

    private static long Long(JsonElement result, string name) =>
        result.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
