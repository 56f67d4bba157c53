using System.Text.Json;

namespace BatchInference.Providers.Realtime;

/// <summary>Reads <c>error.message</c> from an OpenAI-style error body, for the outcome's error message.</summary>
internal static class ProviderErrorBody
{
    public static string? ReadMessage(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                    ? message.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
