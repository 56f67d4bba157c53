using System.Net;

namespace BatchInference.Storage.Connection;

/// <summary>Turns the <c>Key=Value;...</c> text into a <see cref="StorageConnectionString"/>.</summary>
internal static class StorageConnectionStringParser
{
    private const string DefaultEndpointSuffix = "core.windows.net";

    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = Split(connectionString);
        if (parts.Count == 0)
        {
            throw Invalid("it is empty");
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var useDev))
        {
            if (!string.Equals(useDev, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("UseDevelopmentStorage must be 'true' when present");
            }

            if (parts.ContainsKey("DevelopmentStorageProxyUri"))
            {
                throw Invalid("DevelopmentStorageProxyUri is not supported");
            }

            return new StorageConnectionString(
                StorageConnectionString.DevelopmentAccountName,
                new Uri("http://127.0.0.1:10000/devstoreaccount1/"),
                new Uri("http://127.0.0.1:10001/devstoreaccount1/"),
                new Uri("http://127.0.0.1:10002/devstoreaccount1/"),
                Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey),
                sharedAccessSignature: null);
        }

        parts.TryGetValue("AccountName", out var accountName);
        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("https" or "http"))
        {
            throw Invalid("DefaultEndpointsProtocol must be 'https' or 'http'");
        }

        var suffix = parts.GetValueOrDefault("EndpointSuffix", DefaultEndpointSuffix).Trim('.');
        var blob = Endpoint(parts, "BlobEndpoint", accountName, protocol, "blob", suffix)
            ?? throw Invalid("it has neither AccountName nor BlobEndpoint");
        var queue = Endpoint(parts, "QueueEndpoint", accountName, protocol, "queue", suffix);
        var table = Endpoint(parts, "TableEndpoint", accountName, protocol, "table", suffix);

        accountName ??= AccountNameFromEndpoint(blob)
            ?? throw Invalid("it has no AccountName and the account cannot be read from BlobEndpoint");

        parts.TryGetValue("AccountKey", out var keyText);
        parts.TryGetValue("SharedAccessSignature", out var sas);
        // Neither key nor SAS: endpoints only, for Entra ID (a managed identity on Azure, where shared keys are off).
        if (keyText is not null && sas is not null)
        {
            throw Invalid("it has both AccountKey and SharedAccessSignature; give one");
        }

        byte[]? key = null;
        if (keyText is not null)
        {
            key = new byte[keyText.Length];
            if (!Convert.TryFromBase64String(keyText, key, out var written) || written == 0)
            {
                // Never echo the key, not even a prefix of it.
                throw Invalid("AccountKey is not valid base64");
            }

            key = key[..written];
        }

        return new StorageConnectionString(accountName, blob, queue, table, key, sas?.TrimStart('?'));
    }

    private static Dictionary<string, string> Split(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // Name only the segment number: the segment itself may be a secret pasted in the wrong place.
                throw Invalid("a segment is not of the form Name=Value");
            }

            var name = segment[..equals].Trim();
            var value = segment[(equals + 1)..].Trim();
            if (value.Length == 0)
            {
                throw Invalid($"{name} has an empty value");
            }

            if (!parts.TryAdd(name, value))
            {
                throw Invalid($"{name} appears more than once");
            }
        }

        return parts;
    }

    private static Uri? Endpoint(
        Dictionary<string, string> parts, string key, string? accountName, string protocol, string service, string suffix)
    {
        if (parts.TryGetValue(key, out var explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw Invalid($"{key} is not an absolute http(s) URL");
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw Invalid($"{key} must not carry a query or fragment; put a SAS in SharedAccessSignature");
            }

            return WithTrailingSlash(uri);
        }

        return accountName is null ? null : new Uri($"{protocol}://{accountName}.{service}.{suffix}/");
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    /// <summary>Path-style endpoints (IP address or localhost, as Azurite uses) carry the account in the first
    /// path segment; product-style ones in the first host label.</summary>
    internal static string? AccountNameFromEndpoint(Uri endpoint)
    {
        var pathStyle = endpoint.IsLoopback || IPAddress.TryParse(endpoint.Host, out _);
        if (pathStyle)
        {
            var first = endpoint.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return string.IsNullOrEmpty(first) ? null : first;
        }

        var dot = endpoint.Host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? endpoint.Host[..dot] : null;
    }

    private static FormatException Invalid(string reason) =>
        new($"Invalid storage connection string: {reason}.");
}
