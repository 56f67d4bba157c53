namespace BatchInference.Storage.Blobs;

/// <summary>Container and blob name rules, checked before a request so a bad name fails with a clear message.</summary>
internal static class BlobNames
{
    public const int MaxBlobNameLength = 1024;

    public static void ValidateContainer(string container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (container is "$root" or "$logs" or "$web")
        {
            return;
        }

        var valid = container.Length is >= 3 and <= 63
            && container.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            && container[0] != '-'
            && container[^1] != '-'
            && !container.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException(
                $"Invalid container name '{container}': use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(container));
        }
    }

    /// <summary>A blob name is 1 to 1024 characters without '.' or '..' segments (the SDK URL-encodes the rest).</summary>
    public static void ValidateBlobName(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (blobName.Length is 0 or > MaxBlobNameLength)
        {
            throw new ArgumentException($"A blob name must be 1 to {MaxBlobNameLength} characters long.", nameof(blobName));
        }

        var segments = blobName.Split('/');
        if (segments.Any(s => s is "." or ".."))
        {
            // HTTP clients collapse dot segments in URLs, so such a blob would be written somewhere else.
            throw new ArgumentException($"Blob name '{blobName}' has a '.' or '..' path segment, which URLs cannot carry.", nameof(blobName));
        }
    }
}
