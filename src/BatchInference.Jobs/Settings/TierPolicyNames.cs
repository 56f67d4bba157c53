namespace BatchInference.Jobs.Settings;

/// <summary>The setting names of <see cref="TierPolicy"/> values (case-insensitive; numbers are not accepted).</summary>
internal static class TierPolicyNames
{
    internal const string Expected = "one of auto, realtime, batch, flex, spot";

    public static bool TryParse(string? text, out TierPolicy policy)
    {
        policy = text?.ToUpperInvariant() switch
        {
            "AUTO" => TierPolicy.Auto,
            "REALTIME" => TierPolicy.Realtime,
            "BATCH" => TierPolicy.Batch,
            "FLEX" => TierPolicy.Flex,
            "SPOT" => TierPolicy.Spot,
            _ => (TierPolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }
}
