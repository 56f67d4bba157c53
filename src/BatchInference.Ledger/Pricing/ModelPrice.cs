namespace BatchInference.Ledger.Pricing;

/// <summary>Prices of one provider, model and tier, in the catalog's currency per one million tokens.</summary>
/// <param name="Provider">Provider name as configured, e.g. <c>openai</c>.</param>
/// <param name="Model">Model name as callers send it in <c>body.model</c>.</param>
/// <param name="Tier">Execution tier, e.g. <c>realtime</c>, <c>batch</c>, <c>flex</c>.</param>
/// <param name="InputPerMillion">Price of one million uncached input tokens.</param>
/// <param name="CachedInputPerMillion">Price of one million cached input tokens.</param>
/// <param name="OutputPerMillion">Price of one million output tokens (reasoning tokens are billed as output).</param>
public sealed record ModelPrice(
    string Provider,
    string Model,
    string Tier,
    decimal InputPerMillion,
    decimal CachedInputPerMillion,
    decimal OutputPerMillion)
{
    /// <summary>
    /// Price of one million input tokens written to the provider's prompt cache (Anthropic bills its 5-minute cache
    /// writes at 1.25× input); <see langword="null"/> when the provider bills cache writes as ordinary input.
    /// </summary>
    public decimal? CacheWritePerMillion { get; init; }

    /// <summary>Stable SKU id for reports: <c>provider/model/tier</c>.</summary>
    public string SkuId => $"{Provider}/{Model}/{Tier}";
}
