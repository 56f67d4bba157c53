using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>Reads properties and errors out of Blob service responses.</summary>
internal static class BlobResponses
{
    // Error bodies are small XML documents; never read more than this from a failed response.
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static ETag? ETagOf(Response response) => response.Headers.ETag;

    public static DateTimeOffset? LastModifiedOf(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out var value) ? ParseHttpDate(value) : null;

    public static DateTimeOffset? ParseHttpDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed) ? parsed : null;

    /// <summary>Properties from a Get Blob / Get Blob Properties response.</summary>
    /// <param name="response">The response.</param>
    /// <param name="blobLength">The whole blob's size (differs from Content-Length for a range).</param>
    public static BlobProperties PropertiesOf(Response response, long blobLength)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith(BlobMetadataRules.HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[BlobMetadataRules.HeaderPrefix.Length..]] = header.Value;
            }
        }

        response.Headers.TryGetValue("Content-Type", out var contentType);
        response.Headers.TryGetValue("x-ms-lease-state", out var leaseState);
        return new BlobProperties(
            blobLength,
            contentType,
            ETagOf(response) ?? default,
            LastModifiedOf(response) ?? default,
            metadata,
            Enum.TryParse<BlobLeaseState>(leaseState, ignoreCase: true, out var state) ? state : BlobLeaseState.Available);
    }

    /// <summary>The service error code: the x-ms-error-code header, else the XML body's Code element.</summary>
    public static string? ErrorCodeOf(Response response, BinaryData? body)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var code) && !string.IsNullOrEmpty(code))
        {
            return code;
        }

        return ParseErrorBody(body).Code;
    }

    /// <summary>Reads the (bounded) error body of a buffered or streaming response.</summary>
    public static async Task<BinaryData?> ReadErrorBodyAsync(Response response, CancellationToken cancellationToken)
    {
        var stream = response.ContentStream;
        if (stream is null)
        {
            return null;
        }

        if (stream is MemoryStream buffered)
        {
            return new BinaryData(buffered.ToArray());
        }

        var buffer = new byte[MaxErrorBodyBytes];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return new BinaryData(buffer.AsMemory(0, read));
    }

    /// <summary>
    /// The exception for an unexpected failure. Only the error code and the service's own message are kept: the
    /// AuthenticationErrorDetail element would echo the request signature, and the URL may carry a SAS.
    /// </summary>
    public static BlobStorageException Failure(Response response, BinaryData? body, string operation, string resource)
    {
        var (xmlCode, serviceMessage) = ParseErrorBody(body);
        var code = response.Headers.TryGetValue("x-ms-error-code", out var headerCode) && !string.IsNullOrEmpty(headerCode)
            ? headerCode
            : xmlCode;
        var firstLine = serviceMessage?.Split('\n', 2)[0].Trim();
        var message = $"{operation} {resource} failed: {response.Status} {code ?? response.ReasonPhrase}"
            + (string.IsNullOrEmpty(firstLine) ? "." : $" ({firstLine})");
        return new BlobStorageException(response.Status, code, message);
    }

    private static (string? Code, string? Message) ParseErrorBody(BinaryData? body)
    {
        if (body is null || body.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            var error = XDocument.Parse(body.ToString()).Root;
            return (error?.Element("Code")?.Value, error?.Element("Message")?.Value);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }
}
