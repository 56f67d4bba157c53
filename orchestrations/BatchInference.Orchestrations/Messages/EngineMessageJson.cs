using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.Messages;

/// <summary>The queue body of an <see cref="EngineMessage"/>: compact snake_case JSON with a <c>type</c> field.</summary>
public static class EngineMessageJson
{
    /// <summary>Serializes a message for the queue.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The body.</returns>
    public static BinaryData ToBody(EngineMessage message) =>
        new(JsonSerializer.SerializeToUtf8Bytes(message, EngineMessageJsonContext.Default.EngineMessage));

    /// <summary>Reads a queue body back; null when it is not an engine message (moved aside as poison by the caller).</summary>
    /// <param name="body">The body.</param>
    /// <returns>The message, or null.</returns>
    public static EngineMessage? TryParse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return JsonSerializer.Deserialize(body.ToMemory().Span, EngineMessageJsonContext.Default.EngineMessage);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null; // missing or unknown "type"
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EngineMessage))]
internal sealed partial class EngineMessageJsonContext : JsonSerializerContext;
