using System.Text.Json;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Messages;

/// <summary>How a message's values are shown in error messages.</summary>
internal static class JobMessageValues
{
    /// <summary>A short rendering of <paramref name="value"/>: strings quoted and cut at 64 characters, others by kind.</summary>
    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => SettingNames.Quote(value.GetString()!),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => SettingNames.Quote(value.GetRawText()),
        _ => "a JSON " + value.ValueKind.ToString().ToLowerInvariant(),
    };
}
