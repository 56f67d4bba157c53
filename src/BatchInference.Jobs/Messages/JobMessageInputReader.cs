using System.Text.Json;

namespace BatchInference.Jobs.Messages;

/// <summary>
/// Reads a message's <c>input</c>: <c>{"container": "...", "blob": "..."}</c> or <c>{"url": "https://..."}</c>, never
/// both. A URL is absolute http(s), its path names at least a first segment and a rest (<c>/jobs/incoming/a.jsonl</c>,
/// or <c>/account/jobs/…</c> on a path-style endpoint), and it has no query or fragment.
/// </summary>
internal static class JobMessageInputReader
{
    private const string Prefix = JobMessageFields.Input + ".";

    public static JobMessageInput? Read(JsonElement value, List<JobMessageError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new JobMessageError(JobMessageFields.Input, $"{JobMessageValues.Show(value)} is not valid; expected a JSON object with container and blob, or with url."));
            return null;
        }

        var before = errors.Count;
        string? container = null, blob = null;
        Uri? url = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var field = Prefix + property.Name;
            if (!seen.Add(property.Name))
            {
                errors.Add(new JobMessageError(field, "appears more than once."));
                continue;
            }

            switch (property.Name)
            {
                case JobMessageFields.Container:
                    container = ReadString(property.Value, field, JobMessageFields.IsValidContainer, "a container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit", errors);
                    break;
                case JobMessageFields.Blob:
                    blob = ReadString(property.Value, field, JobMessageFields.IsValidBlobName, $"a blob name of 1 to {JobMessageFields.MaxBlobNameLength} characters", errors);
                    break;
                case JobMessageFields.Url:
                    url = ReadString(property.Value, field, IsValidUrl, "an absolute http(s) URL of a blob (https://account.blob.core.windows.net/container/name) without query (no SAS tokens) or fragment", errors) is { } text
                        ? new Uri(text, UriKind.Absolute)
                        : null;
                    break;
                default:
                    errors.Add(new JobMessageError(field, $"is not a known field; known fields: {string.Join(", ", JobMessageFields.InputFields)}."));
                    break;
            }
        }

        var byName = seen.Contains(JobMessageFields.Container) || seen.Contains(JobMessageFields.Blob);
        if (byName && seen.Contains(JobMessageFields.Url))
        {
            errors.Add(new JobMessageError(JobMessageFields.Input, "give either container and blob, or url, not both."));
        }
        else if (byName)
        {
            foreach (var missing in new[] { JobMessageFields.Container, JobMessageFields.Blob }.Where(f => !seen.Contains(f)))
            {
                errors.Add(new JobMessageError(Prefix + missing, "is required with " + (missing == JobMessageFields.Blob ? JobMessageFields.Container : JobMessageFields.Blob) + "."));
            }
        }
        else if (!seen.Contains(JobMessageFields.Url))
        {
            errors.Add(new JobMessageError(JobMessageFields.Input, "names no blob; give container and blob, or url."));
        }

        if (errors.Count > before)
        {
            return null;
        }

        return url is not null ? JobMessageInput.FromUrl(url) : JobMessageInput.Blob(container!, blob!);
    }

    /// <summary>The same rule as the schema's pattern <c>^https?://[^/?#]+/[^/?#]+/[^?#]+$</c>, plus a URI that parses.</summary>
    internal static bool IsValidUrl(string text)
    {
        var schemeLength = text.StartsWith("https://", StringComparison.Ordinal) ? 8 : text.StartsWith("http://", StringComparison.Ordinal) ? 7 : 0;
        if (schemeLength == 0 || text.AsSpan().ContainsAny('?', '#') || !Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            return false;
        }

        var parts = text[schemeLength..].Split('/', 3);
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 && parts[2].Length > 0;
    }

    private static string? ReadString(JsonElement value, string field, Func<string, bool> isValid, string expected, List<JobMessageError> errors)
    {
        if (value.ValueKind == JsonValueKind.String && isValid(value.GetString()!))
        {
            return value.GetString();
        }

        errors.Add(new JobMessageError(field, $"{JobMessageValues.Show(value)} is not valid; expected {expected}."));
        return null;
    }
}
