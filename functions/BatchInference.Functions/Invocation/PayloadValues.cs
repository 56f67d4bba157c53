using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BatchInference.Functions.Invocation;

/// <summary>Lenient reads of payload values: the host passes some as JSON numbers, some as strings, some as quoted strings.</summary>
internal static class PayloadValues
{
    public static string? Text(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<string>(out var s))
        {
            return s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;
        }

        return value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False ? value.ToJsonString() : null;
    }

    public static int? Int(JsonNode? node) =>
        int.TryParse(Text(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static DateTimeOffset? Date(JsonNode? node) =>
        DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    /// <summary>A property of an object, as text; null when absent or not a scalar.</summary>
    public static string? Property(JsonNode? node, string name) => node is JsonObject o ? Text(o[name]) : null;
}
