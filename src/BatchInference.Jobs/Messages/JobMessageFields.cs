using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Messages;

/// <summary>
/// The field names and value rules of a job message, shared by the parser, the writer and the tests that hold
/// <c>schemas/job-message.schema.json</c> to them.
/// </summary>
internal static class JobMessageFields
{
    public const int CurrentSchemaVersion = 1;

    public const string SchemaVersion = "schema_version";
    public const string MessageId = "message_id";
    public const string Input = "input";
    public const string Settings = "settings";

    public const string Container = "container";
    public const string Blob = "blob";
    public const string Url = "url";

    public const int MaxMessageIdLength = 128;
    public const int MaxBlobNameLength = 1024;
    public const int MinContainerLength = 3;
    public const int MaxContainerLength = 63;

    public static readonly string[] TopLevel = [SchemaVersion, MessageId, Input, Settings];

    public static readonly string[] Required = [SchemaVersion, MessageId, Input];

    public static readonly string[] InputFields = [Container, Blob, Url];

    /// <summary>The keys of the <c>settings</c> object: exactly those of the sidecar <c>.job.json</c>.</summary>
    public static readonly string[] SettingsFields =
    [
        SettingNames.Deadline, SettingNames.CompletionWindow, SettingNames.BudgetUsd, SettingNames.TierPolicy,
        SettingNames.AllowedProviders, SettingNames.AllowedRegions, SettingNames.Priority, SettingNames.Tags,
        SettingNames.UnknownModel, SettingNames.UnpricedBudget, SettingNames.Notify, SettingNames.CacheHints, SettingNames.ResultCache,
        SettingNames.ResultCacheTtl,
    ];

    /// <summary>The <c>tier_policy</c> values a message accepts: lowercase only (the sidecar also takes other cases).</summary>
    public static readonly string[] TierPolicies = ["auto", "realtime", "batch", "flex", "spot"];

    /// <summary>Visible ASCII, no spaces: safe as a Service Bus MessageId, in a URL and in a log line.</summary>
    public static bool IsValidMessageId(string value) =>
        value.Length is > 0 and <= MaxMessageIdLength && !value.AsSpan().ContainsAnyExceptInRange('!', '~');

    /// <summary>Azure's container rule: 3–63 lowercase letters, digits and single hyphens, a letter or digit at each end.</summary>
    public static bool IsValidContainer(string value) =>
        value.Length is >= MinContainerLength and <= MaxContainerLength
        && (char.IsAsciiLetterLower(value[0]) || char.IsAsciiDigit(value[0]))
        && value[^1] != '-'
        && !value.Contains("--", StringComparison.Ordinal)
        && value.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>1–1024 characters (counted as Unicode code points, as JSON Schema's <c>maxLength</c> counts them).</summary>
    public static bool IsValidBlobName(string value)
    {
        var count = value.EnumerateRunes().Count();
        return count is > 0 and <= MaxBlobNameLength;
    }
}
