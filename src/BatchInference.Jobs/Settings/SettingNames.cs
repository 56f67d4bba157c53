namespace BatchInference.Jobs.Settings;

/// <summary>The setting keys shared by blob metadata and the sidecar document, and the rules for name lists.</summary>
internal static class SettingNames
{
    public const string Deadline = "deadline";
    public const string CompletionWindow = "completion_window";
    public const string BudgetUsd = "budget_usd";
    public const string TierPolicy = "tier_policy";
    public const string AllowedProviders = "allowed_providers";
    public const string AllowedRegions = "allowed_regions";
    public const string Priority = "priority";
    public const string UnknownModel = "unknown_model";
    public const string UnpricedBudget = "unpriced_budget";
    public const string CacheHints = "cache_hints";
    public const string ResultCache = "result_cache";
    public const string ResultCacheTtl = "result_cache_ttl";
    public const string Tags = "tags";
    public const string Notify = "notify";
    public const string TagPrefix = "tag_";

    /// <summary>Metadata only: <c>sidecar=none</c> tells the engine no <c>.job.json</c> is coming, so it need not wait for one.</summary>
    public const string Sidecar = "sidecar";

    /// <summary>The value of <see cref="Sidecar"/> that declares "no sidecar".</summary>
    public const string NoSidecar = "none";

    private static readonly HashSet<string> MetadataKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        Deadline, CompletionWindow, BudgetUsd, TierPolicy, AllowedProviders, AllowedRegions, Priority, Sidecar, CacheHints,
        ResultCache, ResultCacheTtl,
    };

    /// <summary>True for a metadata key this reader interprets (a setting, a tag or the sidecar marker).</summary>
    public static bool IsMetadataSetting(string key) =>
        MetadataKeys.Contains(key) || key.StartsWith(TagPrefix, StringComparison.OrdinalIgnoreCase);

    public const string ExpectedName = "names of letters, digits, '.', '_', ':' or '-'";

    /// <summary>Provider and region names: an ASCII letter or digit first, then letters, digits or <c>._:-</c>.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128
        && char.IsAsciiLetterOrDigit(name[0])
        && !name.AsSpan().ContainsAnyExcept(NameCharacters);

    /// <summary>Keeps the first occurrence of each name, compared case-insensitively.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string> names) =>
        names.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>Quotes a user value for an error message, shortened so a pasted blob cannot flood the message.</summary>
    public static string Quote(string value) => value.Length <= 64 ? $"\"{value}\"" : $"\"{value[..64]}…\"";

    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-");
}
