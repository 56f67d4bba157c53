using System.Text.Json;
using BatchInference.Jobs.Settings;

namespace BatchInference.Jobs.Messages;

/// <summary>
/// Reads a job message (UTF-8 JSON, <c>schemas/job-message.schema.json</c>). Every problem is collected, so a sender
/// learns everything wrong with a message at once. Like the sidecar, the message is strict: unknown or repeated
/// fields are errors, so a typo is never silently ignored.
/// </summary>
/// <remarks>
/// <para>Fields: <c>schema_version</c> (1), <c>message_id</c> (visible ASCII, 1–128 characters), <c>input</c>
/// (<c>{"container", "blob"}</c> or <c>{"url"}</c>), and optional <c>settings</c>: an object with exactly the keys
/// and rules of the sidecar <c>.job.json</c> (see <see cref="JobSettingsParser"/>), except that <c>tier_policy</c> must
/// be lowercase. <c>settings</c> may be <see langword="null"/>, meaning all defaults.</para>
/// </remarks>
public static class JobMessageParser
{
    /// <summary>Parses one message body.</summary>
    /// <param name="json">The UTF-8 body (a leading byte-order mark is skipped).</param>
    /// <returns>The message, or every problem found.</returns>
    public static JobMessageParseResult Parse(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        var errors = new List<JobMessageError>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            errors.Add(new JobMessageError("$", $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})."));
            return JobMessageParseResult.Failure(errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new JobMessageError("$", "must be a JSON object."));
                return JobMessageParseResult.Failure(errors);
            }

            var message = Read(document.RootElement, errors);
            return errors.Count == 0 && message is not null ? JobMessageParseResult.Success(message) : JobMessageParseResult.Failure(errors);
        }
    }

    private static JobMessage? Read(JsonElement root, List<JobMessageError> errors)
    {
        int? version = null;
        string? messageId = null;
        JobMessageInput? input = null;
        var settings = JobSettings.Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(new JobMessageError(property.Name, "appears more than once."));
                continue;
            }

            switch (property.Name)
            {
                case JobMessageFields.SchemaVersion:
                    version = ReadVersion(property.Value, errors);
                    break;
                case JobMessageFields.MessageId:
                    messageId = ReadMessageId(property.Value, errors);
                    break;
                case JobMessageFields.Input:
                    input = JobMessageInputReader.Read(property.Value, errors);
                    break;
                case JobMessageFields.Settings:
                    settings = JobMessageSettingsReader.Read(property.Value, errors) ?? settings;
                    break;
                default:
                    errors.Add(new JobMessageError(property.Name, $"is not a known field; known fields: {string.Join(", ", JobMessageFields.TopLevel)}."));
                    break;
            }
        }

        foreach (var required in JobMessageFields.Required.Where(r => !seen.Contains(r)))
        {
            errors.Add(new JobMessageError(required, "is required."));
        }

        return version is { } v && messageId is not null && input is not null
            ? new JobMessage(messageId, input, settings) { SchemaVersion = v }
            : null;
    }

    private static int? ReadVersion(JsonElement value, List<JobMessageError> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var version) && version == JobMessageFields.CurrentSchemaVersion)
        {
            return version;
        }

        errors.Add(new JobMessageError(
            JobMessageFields.SchemaVersion,
            $"{JobMessageValues.Show(value)} is not supported; this reader understands schema_version {JobMessageFields.CurrentSchemaVersion}."));
        return null;
    }

    private static string? ReadMessageId(JsonElement value, List<JobMessageError> errors)
    {
        if (value.ValueKind == JsonValueKind.String && JobMessageFields.IsValidMessageId(value.GetString()!))
        {
            return value.GetString();
        }

        errors.Add(new JobMessageError(
            JobMessageFields.MessageId,
            $"{JobMessageValues.Show(value)} is not valid; expected a string of 1 to {JobMessageFields.MaxMessageIdLength} visible ASCII characters (no spaces)."));
        return null;
    }
}
