using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>Tolerant readers for the fields of providers' batch JSON: absent, null or mistyped fields read as null.</summary>
internal static class BatchJsonFields
{
    public static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static long? Integer(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : null;

    public static JsonElement? Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>
    /// A time given as Unix seconds (OpenAI) or as an ISO 8601 / RFC 3339 text (Anthropic, older Azure OpenAI versions).
    /// </summary>
    public static DateTimeOffset? Time(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : null;
    }

    /// <summary>The value's bytes exactly as they appear in the parsed document, copied out of it.</summary>
    public static byte[] RawBytes(JsonElement value) => JsonMarshal.GetRawUtf8Value(value).ToArray();

    /// <summary>Reads a whole JSON document from a stream, wrapping unreadable JSON as a provider failure.</summary>
    public static async Task<JsonDocument> ParseAsync(Stream stream, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            throw new BatchProviderException($"The provider's answer to {what} is not JSON.", 200, exception);
        }
    }

    public static JsonDocument Parse(BinaryData data, string what)
    {
        try
        {
            return JsonDocument.Parse(data.ToMemory());
        }
        catch (JsonException exception)
        {
            throw new BatchProviderException($"The provider's answer to {what} is not JSON.", 200, exception);
        }
    }
}
