namespace BatchInference.Ledger.Pricing.LiteLlm;

/// <summary>Per-token prices (LiteLLM's unit) as the catalog's prices per one million tokens.</summary>
internal static class PerTokenPrice
{
    // Eight places drop the binary-float artefacts such files carry (3.0000000000000004e-07 is 0.3 per million) and keep
    // every real price: none is finer than a millionth of a dollar per million tokens.
    private const int Places = 8;

    public static decimal ToPerMillion(decimal perToken) => Normalize(decimal.Round(perToken * 1_000_000m, Places, MidpointRounding.ToEven));

    /// <summary>The same amount with no trailing zeros (2.50000000 is 2.5), so listings and diffs read plainly.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
