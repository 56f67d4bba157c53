using System.Text;
using System.Text.Json;

namespace BatchInference.Orchestrations.Routing;

/// <summary>
/// Names a deployment instead of the model in a request body: Azure OpenAI routes by deployment name, which a platform
/// team may have chosen differently from the model (the catalog's <c>deployment</c>). Only the top-level
/// <c>model</c> string changes; every other byte stays as the user wrote it.
/// </summary>
internal static class ModelBody
{
    public static ReadOnlyMemory<byte> WithModel(ReadOnlyMemory<byte> body, string model)
    {
        var span = body.Span;
        var reader = new Utf8JsonReader(span);
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return body;
                    }

                    // The value's token spans the quotes; ValueSpan is what is between them, escapes included.
                    var start = (int)reader.TokenStartIndex;
                    var end = start + reader.ValueSpan.Length + 2;
                    var replacement = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(model));
                    var result = new byte[span.Length - (end - start) + replacement.Length];
                    span[..start].CopyTo(result);
                    replacement.CopyTo(result.AsSpan(start));
                    span[end..].CopyTo(result.AsSpan(start + replacement.Length));
                    return result;
                }

                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Bodies were validated at intake; one that cannot be read goes as it is and the provider says why.
        }

        return body;
    }
}
