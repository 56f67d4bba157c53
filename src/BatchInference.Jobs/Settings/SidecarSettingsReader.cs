using System.Text.Json;

namespace BatchInference.Jobs.Settings;

/// <summary>
/// Reads settings from a <c>&lt;name&gt;.job.json</c> sidecar: a JSON object whose keys are exactly the lowercase
/// setting names. Unknown or repeated keys are errors so a typo ("dedline") is never silently ignored. A
/// <see langword="null"/> value means "not set". Lists are JSON arrays of strings, tags a JSON object of strings,
/// <c>budget_usd</c> and <c>priority</c> JSON numbers, <c>notify</c> an object (<see cref="NotifySettingsReader"/>).
/// </summary>
internal static class SidecarSettingsReader
{
    private const string Source = JobSettingsError.SidecarSource;

    private static readonly string[] KnownKeys =
    [
        SettingNames.Deadline, SettingNames.CompletionWindow, SettingNames.BudgetUsd, SettingNames.TierPolicy,
        SettingNames.AllowedProviders, SettingNames.AllowedRegions, SettingNames.Priority, SettingNames.Tags,
        SettingNames.UnknownModel, SettingNames.UnpricedBudget, SettingNames.Notify, SettingNames.CacheHints, SettingNames.ResultCache,
        SettingNames.ResultCacheTtl,
    ];

    public static JobSettingsDraft Read(ReadOnlySpan<byte> json, List<JobSettingsError> errors)
    {
        var draft = new JobSettingsDraft();

        // Editors on Windows often save JSON with a UTF-8 BOM, which the JSON reader does not accept.
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            errors.Add(new JobSettingsError(Source, "$", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})."));
            return draft;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new JobSettingsError(Source, "$", "must be a JSON object."));
                return draft;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    errors.Add(new JobSettingsError(Source, property.Name, "appears more than once."));
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    ReadProperty(draft, property, errors);
                }
            }
        }

        return draft;
    }

    private static void ReadProperty(JobSettingsDraft draft, JsonProperty property, List<JobSettingsError> errors)
    {
        var key = property.Name;
        var value = property.Value;
        switch (key)
        {
            case SettingNames.Deadline:
                draft.Deadline = ReadText<DateTimeOffset>(value, key, errors, DeadlineFormat.TryParse, DeadlineFormat.Expected);
                break;
            case SettingNames.CompletionWindow:
                draft.CompletionWindow = ReadText<TimeSpan>(value, key, errors, CompletionWindowFormat.TryParse, CompletionWindowFormat.Expected);
                break;
            case SettingNames.BudgetUsd:
                draft.BudgetUsd = ReadBudget(value, key, errors);
                break;
            case SettingNames.TierPolicy:
                draft.TierPolicy = ReadText<TierPolicy>(value, key, errors, TierPolicyNames.TryParse, TierPolicyNames.Expected);
                break;
            case SettingNames.UnknownModel:
                draft.UnknownModel = ReadText<UnknownModelPolicy>(value, key, errors, UnknownModelPolicyNames.TryParse, UnknownModelPolicyNames.Expected);
                break;
            case SettingNames.UnpricedBudget:
                draft.UnpricedBudget = ReadText<UnpricedBudgetPolicy>(value, key, errors, UnpricedBudgetPolicyNames.TryParse, UnpricedBudgetPolicyNames.Expected);
                break;
            case SettingNames.CacheHints:
                draft.CacheHints = ReadText<CacheHintsPolicy>(value, key, errors, CacheHintsPolicyNames.TryParse, CacheHintsPolicyNames.Expected);
                break;
            case SettingNames.ResultCache:
                draft.ResultCache = ReadText<ResultCacheMode>(value, key, errors, ResultCacheModeNames.TryParse, ResultCacheModeNames.Expected);
                break;
            case SettingNames.ResultCacheTtl:
                draft.ResultCacheTtl = ReadText<TimeSpan>(value, key, errors, CompletionWindowFormat.TryParse, CompletionWindowFormat.Expected);
                break;
            case SettingNames.AllowedProviders:
                draft.AllowedProviders = ReadNameList(value, key, errors);
                break;
            case SettingNames.AllowedRegions:
                draft.AllowedRegions = ReadNameList(value, key, errors);
                break;
            case SettingNames.Priority:
                draft.Priority = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var priority)
                    ? priority
                    : Fail<int>(errors, key, value, "a whole number");
                break;
            case SettingNames.Tags:
                ReadTags(draft, value, errors);
                break;
            case SettingNames.Notify:
                draft.Webhooks = NotifySettingsReader.Read(value, Source, errors);
                break;
            default:
                errors.Add(new JobSettingsError(Source, key, $"is not a known setting; known settings: {string.Join(", ", KnownKeys)}."));
                break;
        }
    }

    private static decimal? ReadBudget(JsonElement value, string key, List<JobSettingsError> errors)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var budget))
        {
            return Fail<decimal>(errors, key, value, "a JSON number of US dollars (e.g. 12.5)");
        }

        return BudgetRule.Check(budget, Source, key, errors);
    }

    private static IReadOnlyList<string>? ReadNameList(JsonElement value, string key, List<JobSettingsError> errors)
    {
        if (value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Any(static item => item.ValueKind != JsonValueKind.String || !SettingNames.IsValidName(item.GetString()!)))
        {
            Fail<int>(errors, key, value, $"a JSON array of {SettingNames.ExpectedName}");
            return null;
        }

        return SettingNames.Distinct(value.EnumerateArray().Select(static item => item.GetString()!));
    }

    private static void ReadTags(JobSettingsDraft draft, JsonElement value, List<JobSettingsError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail<int>(errors, SettingNames.Tags, value, "a JSON object of string values");
            return;
        }

        foreach (var tag in value.EnumerateObject())
        {
            if (tag.Name.Length == 0)
            {
                errors.Add(new JobSettingsError(Source, SettingNames.Tags, "a tag name must not be empty."));
            }
            else if (tag.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new JobSettingsError(Source, $"{SettingNames.Tags}.{tag.Name}", "must be a string."));
            }
            else
            {
                draft.Tags[tag.Name] = tag.Value.GetString()!;
            }
        }
    }

    private delegate bool TextParser<T>(string? text, out T result);

    // A setting given as a JSON string in one of the project's text formats (a deadline, a window, a policy name).
    private static T? ReadText<T>(JsonElement value, string key, List<JobSettingsError> errors, TextParser<T> parse, string expected)
        where T : struct =>
        value.ValueKind == JsonValueKind.String && parse(value.GetString(), out var parsed) ? parsed : Fail<T>(errors, key, value, expected);

    private static T? Fail<T>(List<JobSettingsError> errors, string key, JsonElement value, string expected)
        where T : struct
    {
        var shown = value.ValueKind switch
        {
            JsonValueKind.String => SettingNames.Quote(value.GetString()!),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => SettingNames.Quote(value.GetRawText()),
            _ => "a JSON " + value.ValueKind.ToString().ToLowerInvariant(),
        };
        errors.Add(new JobSettingsError(Source, key, $"{shown} is not valid; expected {expected}."));
        return null;
    }
}
