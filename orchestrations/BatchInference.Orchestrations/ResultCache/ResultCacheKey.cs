using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using BatchInference.Jobs.Settings;

namespace BatchInference.Orchestrations.ResultCache;

/// <summary>
/// What identifies a cached answer: the job's scope and the request's canonical form (its url and its body with object
/// keys sorted and insignificant whitespace dropped, so key order and formatting do not matter; every parameter counts,
/// and <c>custom_id</c>, which is not in the body, does not). Pure functions, no I/O.
/// </summary>
internal static class ResultCacheKey
{
    /// <summary>
    /// The scope a job's entries live in and are looked up in: its <c>team</c> tag when it has one (API keys set it), else
    /// all its tags; untagged jobs share the scope <c>untagged</c>. Two jobs whose scopes differ never see each other's answers.
    /// </summary>
    public static string Scope(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.TryGetValue("team", out var team))
        {
            return "team=" + team;
        }

        return tags.Count == 0
            ? "untagged"
            : string.Join('\n', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
    }

    /// <summary>The folder of a scope's entries: a hash, so a tag value never becomes a blob name.</summary>
    public static string ScopeFolder(string scope) => Hex(System.Text.Encoding.UTF8.GetBytes(scope))[..32];

    /// <summary>Whether a request may be answered from (and stored in) the cache under <paramref name="mode"/>.</summary>
    public static bool IsCacheable(ResultCacheMode mode, string url, ReadOnlySpan<byte> body) => mode switch
    {
        ResultCacheMode.ExactAny => true,
        ResultCacheMode.Exact => IsDeterministic(url, body),
        _ => false,
    };

    /// <summary>
    /// True when the request asks for a repeatable answer: an embedding, <c>temperature</c> 0, or a <c>seed</c>. A
    /// request without <c>temperature</c> samples at the provider's default (1), so it is not.
    /// </summary>
    public static bool IsDeterministic(string url, ReadOnlySpan<byte> body)
    {
        if (url == "/v1/embeddings")
        {
            return true;
        }

        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTemperature = reader.ValueTextEquals("temperature"u8);
            var isSeed = reader.ValueTextEquals("seed"u8);
            reader.Read();
            if (isSeed && reader.TokenType == JsonTokenType.Number)
            {
                return true;
            }

            if (isTemperature && reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var temperature) && temperature == 0m)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>The entry's key: SHA-256 (hex) of the scope, the url and the canonical body.</summary>
    /// <exception cref="JsonException">The body is not JSON (the intake reader lets only JSON bodies through).</exception>
    public static string Of(string scope, string url, ReadOnlyMemory<byte> body)
    {
        var buffer = new ArrayBufferWriter<byte>(body.Length + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(scope);
            json.WriteStringValue(url);
            using var document = JsonDocument.Parse(body);
            WriteCanonical(json, document.RootElement);
            json.WriteEndArray();
        }

        return Hex(buffer.WrittenSpan);
    }

    // Objects with keys in ordinal order, strings re-escaped one way, numbers as written (1 and 1.0 stay different, as a
    // provider may read them differently).
    private static void WriteCanonical(Utf8JsonWriter json, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    json.WritePropertyName(property.Name);
                    WriteCanonical(json, property.Value);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(json, item);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.String:
                json.WriteStringValue(element.GetString());
                break;
            default:
                json.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
        }
    }

    private static string Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return Convert.ToHexStringLower(hash);
    }
}
