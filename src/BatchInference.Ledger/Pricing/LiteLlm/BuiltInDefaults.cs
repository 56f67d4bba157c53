using System.Globalization;

namespace BatchInference.Ledger.Pricing.LiteLlm;

/// <summary>
/// What a LiteLLM entry cannot say (rate limits, batch size limits, completion times), taken from the built-in catalog:
/// the entry of the same provider, model and tier when it has one, else the provider's most conservative entry of that
/// tier, so an unknown model is planned with the slowest known throughput rather than an invented one.
/// </summary>
internal sealed class BuiltInDefaults(PriceCatalog builtIn)
{
    public (TierLimits Limits, CompletionTimes? Completion, string Source) For(string provider, string model, string tier)
    {
        if (builtIn.TryGetOffer(provider, model, tier, out var same))
        {
            return (same.Limits, same.Completion, "the built-in entry of the same model");
        }

        var candidates = builtIn.Offers.Where(o => o.Provider == provider && o.Tier == tier).ToList();
        var fallback = tier == "batch"
            ? candidates.OrderBy(o => o.Limits.MaxBatchLines ?? long.MaxValue).FirstOrDefault()
            : candidates.Where(o => o.Limits.HasRateLimits)
                .OrderBy(o => o.Limits.RequestsPerMinute ?? long.MaxValue)
                .ThenBy(o => o.Limits.TokensPerMinute ?? o.Limits.InputTokensPerMinute ?? long.MaxValue)
                .FirstOrDefault();
        return fallback is null
            ? (TierLimits.None, tier == "batch" ? CompletionTimes.Window24Hours : null, "none known (batch: the 24 h window)")
            : (fallback.Limits, fallback.Completion, $"the built-in {provider} default ({Describe(fallback)})");
    }

    private static string Describe(TierOffer offer)
    {
        var l = offer.Limits;
        var parts = new List<string?>
        {
            Part(l.RequestsPerMinute, "rpm"), Part(l.TokensPerMinute, "tpm"), Part(l.InputTokensPerMinute, "input tpm"),
            Part(l.OutputTokensPerMinute, "output tpm"), Part(l.MaxBatchLines, "lines"), Part(l.MaxBatchBytes, "bytes"),
            offer.Completion is { } c ? $"p50 {Hours(c.P50)}, p95 {Hours(c.P95)}, max {Hours(c.Max)}" : null,
        };
        return string.Join(", ", parts.OfType<string>());
    }

    private static string? Part(long? value, string unit) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v} {unit}") : null;

    private static string Hours(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalHours:0.##}h");
}
