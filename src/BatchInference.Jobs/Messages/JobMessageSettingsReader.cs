using System.Text;
using System.Text.Json;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Messages;

/// <summary>
/// Reads a message's <c>settings</c> with the sidecar reader itself, so the two can never disagree on a key or a rule;
/// its problems are reported as <c>settings.&lt;key&gt;</c>. One rule is stricter than the sidecar's: <c>tier_policy</c>
/// must be lowercase, as the schema's enum says.
/// </summary>
internal static class JobMessageSettingsReader
{
    private const string Prefix = JobMessageFields.Settings + ".";

    /// <returns>The settings; <see langword="null"/> when the value is null (all defaults) or has problems.</returns>
    public static JobSettings? Read(JsonElement value, List<JobMessageError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new JobMessageError(JobMessageFields.Settings, $"{JobMessageValues.Show(value)} is not valid; expected a JSON object of job settings, or null."));
            return null;
        }

        var settingsErrors = new List<JobSettingsError>();
        var draft = SidecarSettingsReader.Read(Encoding.UTF8.GetBytes(value.GetRawText()), settingsErrors);
        foreach (var error in settingsErrors)
        {
            errors.Add(new JobMessageError(error.Field == "$" ? JobMessageFields.Settings : Prefix + error.Field, error.Message));
        }

        if (value.TryGetProperty(SettingNames.TierPolicy, out var policy)
            && policy.ValueKind == JsonValueKind.String
            && TierPolicyNames.TryParse(policy.GetString(), out _)
            && !JobMessageFields.TierPolicies.Contains(policy.GetString(), StringComparer.Ordinal))
        {
            errors.Add(new JobMessageError(Prefix + SettingNames.TierPolicy, $"{JobMessageValues.Show(policy)} is not valid; expected {TierPolicyNames.Expected} (lowercase)."));
        }

        return settingsErrors.Count == 0 ? draft.ToSettings() : null;
    }
}
