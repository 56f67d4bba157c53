using System.Text.Json;

namespace BatchInference.Emulator.Batches;

/// <summary>Cheap reads of a batch request body that never throw (the endpoint that answers it does the real checks).</summary>
internal static class BatchBodies
{
    /// <summary>The body's <c>model</c> string, or null when the body is not an object with one.</summary>
    public static string? Model(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String
                ? model.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
