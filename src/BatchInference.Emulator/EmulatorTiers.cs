namespace BatchInference.Emulator;

/// <summary>The values of <see cref="EmulatorRequestRecord.Tier"/>.</summary>
public static class EmulatorTiers
{
    /// <summary>A synchronous call at the standard price.</summary>
    public const string Realtime = "realtime";

    /// <summary>A line of a provider batch (OpenAI Batch or Anthropic Message Batches), billed at the batch price.</summary>
    public const string Batch = "batch";

    /// <summary>A synchronous OpenAI call with <c>service_tier: "flex"</c>, billed at the batch price.</summary>
    public const string Flex = "flex";
}
