using System.Text.Json;

namespace BatchInference.Emulator.OpenAI;

/// <summary>Typed reads of request-body fields that fail the way OpenAI does (400 with <c>param</c> and <c>code</c>).</summary>
internal static class JsonBodyFields
{
    private const string ParseFailure =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
        "correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

    public static JsonDocument ParseObject(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new OpenAIRequestException(ParseFailure);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new OpenAIRequestException(ParseFailure);
        }

        return document;
    }

    public static string RequiredModel(JsonElement root)
    {
        if (!root.TryGetProperty("model", out var model) || model.ValueKind == JsonValueKind.Null)
        {
            throw new OpenAIRequestException("you must provide a model parameter");
        }

        if (model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } name)
        {
            throw InvalidType("model", "a string", model);
        }

        return name;
    }

    public static int? OptionalInt(JsonElement root, string name, int minimum, int maximum)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw InvalidType(name, "an integer", value);
        }

        if (number < minimum)
        {
            throw new OpenAIRequestException(
                $"Invalid '{name}': integer below minimum value. Expected a value >= {minimum}, but got {number} instead.",
                name,
                "integer_below_min_value");
        }

        if (number > maximum)
        {
            throw new OpenAIRequestException(
                $"Invalid '{name}': integer above maximum value. Expected a value <= {maximum}, but got {number} instead.",
                name,
                "integer_above_max_value");
        }

        return number;
    }

    public static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw InvalidType(name, "a string", value);
    }

    public static bool OptionalBool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw InvalidType(name, "a boolean", value),
        };

    public static OpenAIRequestException InvalidType(string param, string expected, JsonElement actual) =>
        new($"Invalid type for '{param}': expected {expected}, but got {Describe(actual.ValueKind)} instead.", param, "invalid_type");

    public static OpenAIRequestException Missing(string param) =>
        new($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
