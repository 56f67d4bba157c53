namespace BatchInference.Ledger.Focus;

/// <summary>FOCUS 1.2 allowed values and units the spend report writes; spelled exactly as the spec lists them.</summary>
internal static class FocusValues
{
    /// <summary>ChargeCategory for consumption-based charges, refunds included.</summary>
    public const string UsageCategory = "Usage";

    /// <summary>ChargeFrequency for charges that follow measured usage.</summary>
    public const string UsageBasedFrequency = "Usage-Based";

    /// <summary>ServiceCategory of every LLM API.</summary>
    public const string AiAndMachineLearning = "AI and Machine Learning";

    /// <summary>ServiceSubcategory under <see cref="AiAndMachineLearning"/>: "creation of content like text".</summary>
    public const string GenerativeAi = "Generative AI";

    /// <summary>Unit Format count unit for tokens (plural, capitalized, as "1000 Tokens" in the spec's examples).</summary>
    public const string Tokens = "Tokens";

    /// <summary>Unit Format count unit for requests.</summary>
    public const string Requests = "Requests";

    /// <summary>
    /// PricingCategory of a tier. Real-time, batch and flex are priced at rates the provider publishes in advance for the
    /// account: batch and flex are discounted SKU prices of their own, not commitment discounts and not rates the provider
    /// varies without notice, so the spec's "Standard" ("priced at the agreed upon rate for the billing account … includes
    /// any flat rate") applies. Spot capacity is the spec's example of "Dynamic" ("interruptible or low priority
    /// resources" whose unit price "the provider can change without notice"). An unknown tier is "Other".
    /// </summary>
    /// <param name="tier">The ledger's tier: <c>realtime</c>, <c>batch</c>, <c>flex</c> or <c>spot</c>.</param>
    public static string PricingCategory(string tier) => tier switch
    {
        "realtime" or "batch" or "flex" => "Standard",
        "spot" => "Dynamic",
        _ => "Other",
    };
}
