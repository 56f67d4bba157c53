using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>
/// Refuses a body that is not exactly one JSON object before it is uploaded: one bad line would make the provider fail
/// the whole batch, and the message here names the line.
/// </summary>
internal static class BatchBodyCheck
{
    public static void RequireObject(BatchInputLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (string.IsNullOrEmpty(line.CustomId))
        {
            throw new ArgumentException("Every batch line needs a custom_id.", nameof(line));
        }

        try
        {
            var reader = new Utf8JsonReader(line.Body.Span);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                reader.Skip();
                if (!reader.Read())
                {
                    return;
                }
            }
        }
        catch (JsonException)
        {
            // Reported below with the line's id.
        }

        throw new ArgumentException($"The body of batch line '{line.CustomId}' is not one JSON object.", nameof(line));
    }
}
