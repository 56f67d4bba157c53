using System.Text;

namespace BatchInference.Storage.Auth;

/// <summary>
/// Builds the Shared Key string-to-sign for the Blob, Queue and File services (version 2009-09-19 and later),
/// as the "Authorize with Shared Key" REST document defines it. A pure function so a hand-derived vector can test it.
/// </summary>
internal static class SharedKeyCanonicalizer
{
    // The standard headers in the order the string-to-sign lists them.
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    /// <param name="method">HTTP verb, e.g. <c>PUT</c>.</param>
    /// <param name="headers">The request headers (any case), excluding Content-Length.</param>
    /// <param name="contentLength">The body length; null or 0 sign as an empty line (versions 2015-02-21+).</param>
    /// <param name="accountName">The account that owns the resource.</param>
    /// <param name="absolutePath">The URL path exactly as sent (percent-encoded), e.g. <c>/container/a%20b</c>.</param>
    /// <param name="query">The URL query exactly as sent, with or without the leading '?'.</param>
    public static string BuildStringToSign(
        string method,
        IEnumerable<KeyValuePair<string, string>> headers,
        long? contentLength,
        string accountName,
        string absolutePath,
        string query)
    {
        var all = headers.ToList();
        var builder = new StringBuilder(256);
        builder.Append(method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            var value = name == "Content-Length"
                ? contentLength is null or 0 ? string.Empty : contentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : Find(all, name);
            builder.Append(value).Append('\n');
        }

        AppendCanonicalizedHeaders(builder, all);
        AppendCanonicalizedResource(builder, accountName, absolutePath, query);
        return builder.ToString();
    }

    private static string Find(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return string.Empty;
    }

    private static void AppendCanonicalizedHeaders(StringBuilder builder, List<KeyValuePair<string, string>> headers)
    {
        var msHeaders = headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
    }

    private static void AppendCanonicalizedResource(StringBuilder builder, string accountName, string absolutePath, string query)
    {
        builder.Append('/').Append(accountName).Append(string.IsNullOrEmpty(absolutePath) ? "/" : absolutePath);
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            builder.Append('\n').Append(name).Append(':').AppendJoin(',', values);
        }
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
