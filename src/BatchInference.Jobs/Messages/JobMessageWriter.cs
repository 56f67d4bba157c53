using System.Text.Json;

namespace BatchInference.Jobs.Messages;

/// <summary>
/// Writes a <see cref="JobMessage"/> as the compact UTF-8 JSON that <see cref="JobMessageParser"/> reads: fields in
/// schema order, settings only where they differ from the defaults.
/// </summary>
public static class JobMessageWriter
{
    /// <summary>Serializes <paramref name="message"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    /// <exception cref="ArgumentException">The message would not parse (an invalid id, container, blob name or URL, or a
    /// completion window that is not a whole number of seconds); the message lists every problem.</exception>
    public static byte[] Write(JobMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber(JobMessageFields.SchemaVersion, message.SchemaVersion);
            json.WriteString(JobMessageFields.MessageId, message.MessageId);
            WriteInput(json, message.Input);
            if (JobSettingsJson.HasNonDefault(message.Settings))
            {
                json.WritePropertyName(JobMessageFields.Settings);
                JobSettingsJson.Write(json, message.Settings);
            }

            json.WriteEndObject();
        }

        var bytes = buffer.ToArray();

        // Checked by the parser itself, so a writer bug or a bad value can never put an unreadable message on the queue.
        var check = JobMessageParser.Parse(bytes);
        return check.Succeeded ? bytes : throw new ArgumentException(check.FailureReason, nameof(message));
    }

    private static void WriteInput(Utf8JsonWriter json, JobMessageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        json.WriteStartObject(JobMessageFields.Input);
        if (input.Url is { } url)
        {
            json.WriteString(JobMessageFields.Url, url.OriginalString);
        }
        else
        {
            json.WriteString(JobMessageFields.Container, input.Container);
            json.WriteString(JobMessageFields.Blob, input.BlobName);
        }

        json.WriteEndObject();
    }
}
