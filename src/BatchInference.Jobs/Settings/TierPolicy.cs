using System.Text.Json.Serialization;

namespace BatchInference.Jobs.Settings;

/// <summary>Which execution tiers a job may use (the <c>tier_policy</c> setting).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TierPolicy>))]
public enum TierPolicy
{
    /// <summary>The planner picks the cheapest tier that meets the deadline (<c>auto</c>, the default).</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>Only real-time API calls (<c>realtime</c>).</summary>
    [JsonStringEnumMemberName("realtime")]
    Realtime,

    /// <summary>Provider batch APIs, with real-time only as the deadline fallback (<c>batch</c>).</summary>
    [JsonStringEnumMemberName("batch")]
    Batch,

    /// <summary>Flex processing (<c>service_tier: "flex"</c>) (<c>flex</c>).</summary>
    [JsonStringEnumMemberName("flex")]
    Flex,

    /// <summary>Spot or self-hosted OpenAI-compatible endpoints (<c>spot</c>).</summary>
    [JsonStringEnumMemberName("spot")]
    Spot,
}
