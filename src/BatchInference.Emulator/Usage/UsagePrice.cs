namespace BatchInference.Emulator.Usage;

/// <summary>
/// What the emulator charges for one model on its costs endpoint, in USD per one million tokens. The emulator does
/// not depend on the product's price catalog; a test that wants both to agree passes the catalog's prices in.
/// </summary>
/// <param name="Model">Model name as callers send it in <c>body.model</c>.</param>
/// <param name="InputPerMillion">Price of one million uncached input tokens.</param>
/// <param name="CachedInputPerMillion">Price of one million cached input tokens.</param>
/// <param name="OutputPerMillion">Price of one million output tokens.</param>
public sealed record UsagePrice(string Model, decimal InputPerMillion, decimal CachedInputPerMillion, decimal OutputPerMillion)
{
    /// <summary>OpenAI list prices (standard tier) of the models the emulator is usually called with.</summary>
    public static IReadOnlyList<UsagePrice> Defaults { get; } =
    [
        new("gpt-4o", 2.50m, 1.25m, 10.00m),
        new("gpt-4o-mini", 0.15m, 0.075m, 0.60m),
        new("gpt-4.1", 2.00m, 0.50m, 8.00m),
        new("gpt-4.1-mini", 0.40m, 0.10m, 1.60m),
        new("gpt-4.1-nano", 0.10m, 0.025m, 0.40m),
        new("text-embedding-3-small", 0.02m, 0.02m, 0m),
        new("text-embedding-3-large", 0.13m, 0.13m, 0m),
    ];

    /// <summary>Cost of the given tokens at this price; cached tokens are part of <paramref name="inputTokens"/>.</summary>
    internal decimal Cost(long inputTokens, long cachedTokens, long outputTokens)
    {
        var cached = Math.Min(cachedTokens, inputTokens);
        return (((inputTokens - cached) * InputPerMillion) + (cached * CachedInputPerMillion) + (outputTokens * OutputPerMillion))
            / 1_000_000m;
    }
}
