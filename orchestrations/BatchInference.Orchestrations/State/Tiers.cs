namespace BatchInference.Orchestrations.State;

/// <summary>Tier names, as the catalog, the ledger and the reports spell them.</summary>
public static class Tiers
{
    /// <summary>Standard real-time API calls.</summary>
    public const string Realtime = "realtime";

    /// <summary>A provider batch API (about half price, answers within its completion window).</summary>
    public const string Batch = "batch";

    /// <summary>OpenAI flex processing (<c>service_tier: "flex"</c>): batch price, synchronous, may answer 429.</summary>
    public const string Flex = "flex";

    /// <summary>A spot or self-hosted OpenAI-compatible endpoint that may disappear.</summary>
    public const string Spot = "spot";
}
