using System.Net;

namespace BatchInference.Functions.Events;

/// <summary>A blob named by its URL, e.g. <c>https://acct.blob.core.windows.net/jobs/incoming/a.jsonl</c>.</summary>
/// <param name="Container">The container.</param>
/// <param name="Blob">The blob name, unescaped.</param>
internal sealed record BlobLocation(string Container, string Blob)
{
    /// <summary>
    /// Splits a blob URL into container and name. Under the account's own endpoint the rest of the path is
    /// <c>container/name</c>; a path-style URL on an IP address or localhost (Azurite) starts with the account name.
    /// </summary>
    /// <returns>The location, or null when the URL names no blob.</returns>
    public static BlobLocation? TryParse(Uri url, Uri blobEndpoint)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var path = url.AbsolutePath.TrimStart('/');
        var endpointPath = blobEndpoint.AbsolutePath.Trim('/');
        if (string.Equals(url.Host, blobEndpoint.Host, StringComparison.OrdinalIgnoreCase) && url.Port == blobEndpoint.Port && endpointPath.Length > 0)
        {
            if (!path.StartsWith(endpointPath + "/", StringComparison.Ordinal))
            {
                return null;
            }

            path = path[(endpointPath.Length + 1)..];
        }
        else if (IsPathStyle(url.Host))
        {
            var account = path.IndexOf('/', StringComparison.Ordinal);
            if (account < 0)
            {
                return null;
            }

            path = path[(account + 1)..];
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            return null;
        }

        return new BlobLocation(Uri.UnescapeDataString(path[..slash]), Uri.UnescapeDataString(path[(slash + 1)..]));
    }

    public override string ToString() => $"{Container}/{Blob}";

    private static bool IsPathStyle(string host) =>
        IPAddress.TryParse(host, out _) || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);
}
