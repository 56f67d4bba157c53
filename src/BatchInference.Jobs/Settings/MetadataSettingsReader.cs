using System.Globalization;

namespace BatchInference.Jobs.Settings;

/// <summary>
/// Reads settings from blob metadata. Keys match case-insensitively; values are trimmed. Keys this reader does not
/// know are ignored, because Azure and other tools add their own metadata.
/// </summary>
internal static class MetadataSettingsReader
{
    private const string Source = JobSettingsError.MetadataSource;

    public static JobSettingsDraft Read(IReadOnlyDictionary<string, string> metadata, List<JobSettingsError> errors)
    {
        var draft = new JobSettingsDraft();
        foreach (var (key, rawValue) in metadata.OrderBy(static p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            var value = (rawValue ?? string.Empty).Trim();
            if (key.StartsWith(SettingNames.TagPrefix, StringComparison.OrdinalIgnoreCase))
            {
                ReadTag(draft, key, value, errors);
                continue;
            }

            switch (key.ToLowerInvariant())
            {
                case SettingNames.Deadline:
                    draft.Deadline = DeadlineFormat.TryParse(value, out var deadline) ? deadline : Fail<DateTimeOffset>(errors, key, value, DeadlineFormat.Expected);
                    break;
                case SettingNames.CompletionWindow:
                    draft.CompletionWindow = CompletionWindowFormat.TryParse(value, out var window) ? window : Fail<TimeSpan>(errors, key, value, CompletionWindowFormat.Expected);
                    break;
                case SettingNames.BudgetUsd:
                    draft.BudgetUsd = ParseBudget(value, key, errors);
                    break;
                case SettingNames.TierPolicy:
                    draft.TierPolicy = TierPolicyNames.TryParse(value, out var policy) ? policy : Fail<TierPolicy>(errors, key, value, TierPolicyNames.Expected);
                    break;
                case SettingNames.UnknownModel:
                    draft.UnknownModel = UnknownModelPolicyNames.TryParse(value, out var unknown)
                        ? unknown
                        : Fail<UnknownModelPolicy>(errors, key, value, UnknownModelPolicyNames.Expected);
                    break;
                case SettingNames.UnpricedBudget:
                    draft.UnpricedBudget = UnpricedBudgetPolicyNames.TryParse(value, out var unpricedBudget)
                        ? unpricedBudget
                        : Fail<UnpricedBudgetPolicy>(errors, key, value, UnpricedBudgetPolicyNames.Expected);
                    break;
                case SettingNames.CacheHints:
                    draft.CacheHints = CacheHintsPolicyNames.TryParse(value, out var hints)
                        ? hints
                        : Fail<CacheHintsPolicy>(errors, key, value, CacheHintsPolicyNames.Expected);
                    break;
                case SettingNames.ResultCache:
                    draft.ResultCache = ResultCacheModeNames.TryParse(value, out var cache) ? cache : Fail<ResultCacheMode>(errors, key, value, ResultCacheModeNames.Expected);
                    break;
                case SettingNames.ResultCacheTtl:
                    draft.ResultCacheTtl = CompletionWindowFormat.TryParse(value, out var ttl) ? ttl : Fail<TimeSpan>(errors, key, value, CompletionWindowFormat.Expected);
                    break;
                case SettingNames.AllowedProviders:
                    draft.AllowedProviders = ParseNameList(value, key, errors);
                    break;
                case SettingNames.AllowedRegions:
                    draft.AllowedRegions = ParseNameList(value, key, errors);
                    break;
                case SettingNames.Sidecar:
                    if (!string.Equals(value, SettingNames.NoSidecar, StringComparison.OrdinalIgnoreCase))
                    {
                        Fail<int>(errors, key, value, $"\"{SettingNames.NoSidecar}\" (the only value: no sidecar is coming)");
                    }

                    break;
                case SettingNames.Priority:
                    draft.Priority = int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var priority)
                        ? priority
                        : Fail<int>(errors, key, value, "a whole number");
                    break;
            }
        }

        return draft;
    }

    private static void ReadTag(JobSettingsDraft draft, string key, string value, List<JobSettingsError> errors)
    {
        var name = key[SettingNames.TagPrefix.Length..];
        if (name.Length == 0)
        {
            errors.Add(new JobSettingsError(Source, key, "a tag key needs a name after \"tag_\" (e.g. tag_team)."));
            return;
        }

        draft.Tags[name] = value;
    }

    private static decimal? ParseBudget(string value, string key, List<JobSettingsError> errors)
    {
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var budget))
        {
            return Fail<decimal>(errors, key, value, "a decimal number of US dollars (e.g. \"12.5\")");
        }

        return BudgetRule.Check(budget, Source, key, errors);
    }

    private static IReadOnlyList<string>? ParseNameList(string value, string key, List<JobSettingsError> errors)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var invalid = names.Where(static n => !SettingNames.IsValidName(n)).ToArray();
        if (invalid.Length > 0)
        {
            errors.Add(new JobSettingsError(Source, key, $"invalid entries {string.Join(", ", invalid.Select(SettingNames.Quote))}; expected a comma-separated list of {SettingNames.ExpectedName}."));
            return null;
        }

        return SettingNames.Distinct(names);
    }

    private static T? Fail<T>(List<JobSettingsError> errors, string key, string value, string expected)
        where T : struct
    {
        errors.Add(new JobSettingsError(Source, key, $"{SettingNames.Quote(value)} is not valid; expected {expected}."));
        return null;
    }
}
