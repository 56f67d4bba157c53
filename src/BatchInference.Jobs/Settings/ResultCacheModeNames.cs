namespace BatchInference.Jobs.Settings;

/// <summary>The setting names of <see cref="ResultCacheMode"/> values (case-insensitive).</summary>
public static class ResultCacheModeNames
{
    /// <summary>What the setting accepts, for error messages.</summary>
    public const string Expected = "one of off, exact, exact_any";

    /// <summary>Reads <paramref name="text"/>; false when it is not a mode name.</summary>
    public static bool TryParse(string? text, out ResultCacheMode mode)
    {
        mode = text?.ToUpperInvariant() switch
        {
            "OFF" => ResultCacheMode.Off,
            "EXACT" => ResultCacheMode.Exact,
            "EXACT_ANY" => ResultCacheMode.ExactAny,
            _ => (ResultCacheMode)(-1),
        };
        return Enum.IsDefined(mode);
    }

    /// <summary>The setting name of <paramref name="mode"/>.</summary>
    public static string Name(ResultCacheMode mode) => mode switch
    {
        ResultCacheMode.Exact => "exact",
        ResultCacheMode.ExactAny => "exact_any",
        _ => "off",
    };
}
