namespace BatchInference.Storage.Blobs;

/// <summary>
/// Metadata travels as <c>x-ms-meta-NAME</c> headers: names must be C# identifiers (ASCII here, since they are
/// header names) and unique ignoring case; values must be printable ASCII without surrounding whitespace
/// (the service would trim it and the value would not round-trip).
/// </summary>
internal static class BlobMetadataRules
{
    public const string HeaderPrefix = "x-ms-meta-";

    public static void Validate(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in metadata)
        {
            if (!IsIdentifier(name))
            {
                throw new ArgumentException(
                    $"Invalid metadata name '{name}': names must be C# identifiers (ASCII letters, digits and '_', not starting with a digit).",
                    nameof(metadata));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"Metadata name '{name}' appears twice (names ignore case).", nameof(metadata));
            }

            ArgumentNullException.ThrowIfNull(value, nameof(metadata));
            if (value.Any(c => c is < ' ' or > '~'))
            {
                throw new ArgumentException(
                    $"Invalid value for metadata '{name}': only printable ASCII is allowed (encode other text, e.g. as base64 or URL-encoding).",
                    nameof(metadata));
            }

            if (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            {
                throw new ArgumentException($"Invalid value for metadata '{name}': leading or trailing spaces would be lost.", nameof(metadata));
            }
        }
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
