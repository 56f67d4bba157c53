namespace BatchInference.Ledger.Pricing;

/// <summary>Turns token counts into money with exact decimal arithmetic.</summary>
public static class CostCalculator
{
    private const decimal TokensPerUnit = 1_000_000m;

    /// <summary>
    /// Cost of <paramref name="tokens"/> at <paramref name="price"/>: uncached input, cached input, cache writes and
    /// output are each billed at their own rate (cache writes at the input rate when the price has none). Reasoning
    /// tokens are already part of output, so they are not added again.
    /// </summary>
    public static decimal Cost(ModelPrice price, TokenCounts tokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(tokens);
        var cached = Math.Min(tokens.CachedInput, tokens.Input);
        var written = Math.Min(tokens.CacheWrite, tokens.Input - cached);
        var uncached = tokens.Input - cached - written;
        return ((uncached * price.InputPerMillion)
            + (cached * price.CachedInputPerMillion)
            + (written * (price.CacheWritePerMillion ?? price.InputPerMillion))
            + (tokens.Output * price.OutputPerMillion)) / TokensPerUnit;
    }

    /// <summary>
    /// What the provider's prompt cache saved on <paramref name="tokens"/> at <paramref name="price"/>: cached input
    /// billed at the cached rate instead of the input rate, less the premium of cache writes over the input rate (negative
    /// when writes cost more than later reads saved). Exactly the input tokens' cost without caching minus with it.
    /// </summary>
    public static decimal PromptCacheSavings(ModelPrice price, TokenCounts tokens)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(tokens);
        var cached = Math.Min(tokens.CachedInput, tokens.Input);
        var written = Math.Min(tokens.CacheWrite, tokens.Input - cached);
        return ((cached * (price.InputPerMillion - price.CachedInputPerMillion))
            - (written * ((price.CacheWritePerMillion ?? price.InputPerMillion) - price.InputPerMillion))) / TokensPerUnit;
    }
}
