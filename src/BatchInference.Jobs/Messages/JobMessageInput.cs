namespace BatchInference.Jobs.Messages;

/// <summary>
/// The input file a job message names: a blob by <see cref="Container"/> and <see cref="BlobName"/>, or by
/// <see cref="Url"/> (which must point into the pipeline's own storage account; see <see cref="TryResolve"/>).
/// Exactly one of the two forms is set.
/// </summary>
public sealed record JobMessageInput
{
    private JobMessageInput(string? container, string? blobName, Uri? url)
    {
        Container = container;
        BlobName = blobName;
        Url = url;
    }

    /// <summary>The container, in the container-and-name form; otherwise <see langword="null"/>.</summary>
    public string? Container { get; }

    /// <summary>The blob's name inside <see cref="Container"/> (unescaped), in the container-and-name form.</summary>
    public string? BlobName { get; }

    /// <summary>The blob's URL (no query: SAS tokens do not belong in messages), in the URL form.</summary>
    public Uri? Url { get; }

    /// <summary>Names a blob by container and name.</summary>
    /// <param name="container">The container, e.g. <c>jobs</c>.</param>
    /// <param name="blobName">The blob's name, e.g. <c>incoming/enrich.jsonl</c>.</param>
    /// <returns>The input.</returns>
    public static JobMessageInput Blob(string container, string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        return new JobMessageInput(container, blobName, null);
    }

    /// <summary>Names a blob by URL, e.g. <c>https://acct.blob.core.windows.net/jobs/incoming/enrich.jsonl</c>.</summary>
    /// <param name="url">An absolute http(s) URL without query or fragment.</param>
    /// <returns>The input.</returns>
    public static JobMessageInput FromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new JobMessageInput(null, null, url);
    }

    /// <summary>
    /// The container and blob name this input names in the storage account at <paramref name="blobEndpoint"/>. A URL
    /// resolves when its scheme, host and port equal the endpoint's and its path continues the endpoint's path (so
    /// path-style endpoints such as Azurite's <c>http://127.0.0.1:10000/devstoreaccount1</c> work).
    /// </summary>
    /// <param name="blobEndpoint">The pipeline's blob endpoint.</param>
    /// <param name="container">The container, when resolved.</param>
    /// <param name="blobName">The unescaped blob name, when resolved.</param>
    /// <returns>Whether the input names a blob in that account.</returns>
    public bool TryResolve(Uri blobEndpoint, out string container, out string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        container = Container ?? string.Empty;
        blobName = BlobName ?? string.Empty;
        if (Url is null)
        {
            return true;
        }

        if (!string.Equals(Url.Scheme, blobEndpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Url.Host, blobEndpoint.Host, StringComparison.OrdinalIgnoreCase)
            || Url.Port != blobEndpoint.Port)
        {
            return false;
        }

        var prefix = blobEndpoint.AbsolutePath.TrimEnd('/') + "/";
        var path = Url.AbsolutePath;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        container = Uri.UnescapeDataString(rest[..slash]);
        blobName = Uri.UnescapeDataString(rest[(slash + 1)..]);
        return JobMessageFields.IsValidContainer(container);
    }
}
