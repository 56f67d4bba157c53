using System.Globalization;
using System.Text.Json;

namespace BatchInference.Ledger.Reconciliation.Anthropic;

/// <summary>
/// Reads the day buckets of Anthropic's Admin API reports into per-day, per-model, per-tier totals.
/// Usage (https://platform.claude.com/docs/en/api/admin/usage_report/retrieve_messages): input tokens are
/// <c>uncached_input_tokens</c> + <c>cache_read_input_tokens</c> + both <c>cache_creation</c> kinds, cached are the
/// cache reads. Costs (https://platform.claude.com/docs/en/api/admin/cost_report): <c>amount</c> is a decimal string
/// "in lowest currency units (e.g. cents)", so "123.45" USD is $1.2345 here, kept exact. The usage report counts no
/// requests: every line has <see cref="ProviderUsageLine.Requests"/> 0.
/// </summary>
internal static class AnthropicUsageReport
{
    /// <summary>A cost result that names no model (e.g. web search, code execution): kept, so that spend still shows up.</summary>
    public const string UnattributedModel = "(unattributed)";

    public static void AddUsage(JsonElement bucket, Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine> lines)
    {
        var day = DayOf(bucket);
        foreach (var result in bucket.GetProperty("results").EnumerateArray())
        {
            var model = ModelName.Normalize(StringOrNull(result, "model") ?? UnattributedModel);
            var tier = Tier(StringOrNull(result, "service_tier"));
            var cacheRead = Long(result, "cache_read_input_tokens");
            var cacheCreation = result.TryGetProperty("cache_creation", out var creation) && creation.ValueKind == JsonValueKind.Object
                ? Long(creation, "ephemeral_1h_input_tokens") + Long(creation, "ephemeral_5m_input_tokens")
                : 0;
            var input = Long(result, "uncached_input_tokens") + cacheRead + cacheCreation;
            var key = (day, model, tier);
            lines[key] = lines.TryGetValue(key, out var sum)
                ? sum with
                {
                    InputTokens = sum.InputTokens + input,
                    CachedInputTokens = sum.CachedInputTokens + cacheRead,
                    OutputTokens = sum.OutputTokens + Long(result, "output_tokens"),
                }
                : new ProviderUsageLine(model, tier, 0, input, cacheRead, Long(result, "output_tokens"), 0m, "USD");
        }
    }

    public static void AddCosts(JsonElement bucket, Dictionary<(DateOnly Day, string Model, string Tier), ProviderUsageLine> lines)
    {
        var day = DayOf(bucket);
        foreach (var result in bucket.GetProperty("results").EnumerateArray())
        {
            var amount = result.GetProperty("amount");
            var lowestUnits = amount.ValueKind == JsonValueKind.String
                ? decimal.Parse(amount.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
                : amount.GetDecimal();
            var currency = (StringOrNull(result, "currency") ?? "USD").ToUpperInvariant();
            var cost = lowestUnits / MinorUnitsPer(currency);
            var model = ModelName.Normalize(StringOrNull(result, "model") ?? UnattributedModel);
            var tier = Tier(StringOrNull(result, "service_tier"));
            var key = (day, model, tier);
            lines[key] = lines.TryGetValue(key, out var sum)
                ? sum with { Cost = sum.Cost + cost, Currency = currency }
                : new ProviderUsageLine(model, tier, 0, 0, 0, 0, cost, currency);
        }
    }

    /// <summary>The ledger's tier for Anthropic's <c>service_tier</c>: batch is batch; standard, priority and none are real-time.</summary>
    internal static string Tier(string? serviceTier) =>
        string.Equals(serviceTier, "batch", StringComparison.Ordinal) ? "batch" : "realtime";

    // "Currently always USD" (cents); a currency without minor units would not be divided.
    private static decimal MinorUnitsPer(string currency) => currency is "JPY" or "KRW" ? 1m : 100m;

    private static DateOnly DayOf(JsonElement bucket) =>
        DateOnly.FromDateTime(DateTimeOffset.Parse(bucket.GetProperty("starting_at").GetString()!, CultureInfo.InvariantCulture).UtcDateTime);

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
