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

    /// <summary>Not a tier a request runs on: the ledger's tier of a line answered from the exact result cache (no call, cost 0).</summary>
    public const string ResultCache = "result_cache";
}
