using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchInference.Emulator.Tokens;

namespace BatchInference.Emulator.OpenAI.Embeddings;

/// <summary>
/// Reads an embeddings body as raw JSON. <c>input</c> may be a string, an array of strings, an array of token ids or
/// an array of token-id arrays, as in OpenAI's API; unknown fields are ignored.
/// </summary>
internal static class EmbeddingRequestParser
{
    public const int MaxInputs = 2048;
    private const string InvalidInput = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

    /// <exception cref="OpenAIRequestException">The body is one OpenAI would reject with 400.</exception>
    public static EmbeddingRequest Parse(byte[] body)
    {
        using var document = JsonBodyFields.ParseObject(body);
        var root = document.RootElement;
        var model = JsonBodyFields.RequiredModel(root);
        var inputs = ReadInputs(root);
        var format = JsonBodyFields.OptionalString(root, "encoding_format") ?? "float";
        if (format is not ("float" or "base64"))
        {
            throw new OpenAIRequestException(
                $"Invalid value for 'encoding_format': '{format}'. Supported values are: 'float' and 'base64'.",
                "encoding_format",
                "invalid_value");
        }

        var native = EmbeddingModels.NativeDimensions(model);
        var dimensions = JsonBodyFields.OptionalInt(root, "dimensions", 1, native);
        if (dimensions is not null && !EmbeddingModels.SupportsDimensions(model))
        {
            throw new OpenAIRequestException("This model does not support specifying dimensions.", "dimensions");
        }

        return new EmbeddingRequest(model, inputs, format == "base64", dimensions ?? native);
    }

    private static List<EmbeddingInput> ReadInputs(JsonElement root)
    {
        if (!root.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw JsonBodyFields.Missing("input");
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return [Text(input)];
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() is 0 or > MaxInputs)
        {
            throw new OpenAIRequestException(InvalidInput, "input");
        }

        var first = input[0];
        if (first.ValueKind == JsonValueKind.Number)
        {
            return [TokenIds(input)];
        }

        return [.. input.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.String => Text(item),
            JsonValueKind.Array => TokenIds(item),
            _ => throw new OpenAIRequestException(InvalidInput, "input"),
        })];
    }

    private static EmbeddingInput Text(JsonElement element)
    {
        var text = element.GetString()!;
        if (text.Length == 0)
        {
            throw new OpenAIRequestException(InvalidInput, "input");
        }

        return new EmbeddingInput("text:" + text, TokenEstimator.CountText(text));
    }

    private static EmbeddingInput TokenIds(JsonElement array)
    {
        var identity = new StringBuilder("tokens:");
        var count = 0;
        foreach (var token in array.EnumerateArray())
        {
            if (token.ValueKind != JsonValueKind.Number || !token.TryGetInt32(out var id) || id < 0)
            {
                throw new OpenAIRequestException(InvalidInput, "input");
            }

            identity.Append(id.ToString(CultureInfo.InvariantCulture)).Append(',');
            count++;
        }

        return count == 0 ? throw new OpenAIRequestException(InvalidInput, "input") : new EmbeddingInput(identity.ToString(), count);
    }
}
