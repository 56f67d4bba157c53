namespace BatchInference.Jobs.Settings;

/// <summary>The setting names of <see cref="CacheHintsPolicy"/> values (case-insensitive).</summary>
public static class CacheHintsPolicyNames
{
    /// <summary>What the setting accepts, for error messages.</summary>
    public const string Expected = "one of off, auto";

    /// <summary>Reads <paramref name="text"/>; false when it is not a policy name.</summary>
    public static bool TryParse(string? text, out CacheHintsPolicy policy)
    {
        policy = text?.ToUpperInvariant() switch
        {
            "OFF" => CacheHintsPolicy.Off,
            "AUTO" => CacheHintsPolicy.Auto,
            _ => (CacheHintsPolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }

    /// <summary>The setting name of <paramref name="policy"/>.</summary>
    public static string Name(CacheHintsPolicy policy) => policy == CacheHintsPolicy.Auto ? "auto" : "off";
}
