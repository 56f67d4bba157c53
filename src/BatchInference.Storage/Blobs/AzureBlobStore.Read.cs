using System.Globalization;
using Azure;
using Azure.Core;

namespace BatchInference.Storage.Blobs;

/// <summary>Reads: streamed downloads (whole or ranged) and properties.</summary>
public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    public async Task<BlobDownload> DownloadAsync(
        string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(container);
        var message = CreateMessage(RequestMethod.Get, container, blobName);
        var handedOver = false;
        try
        {
            // Stream the body from the socket instead of letting the pipeline buffer it.
            message.BufferResponse = false;
            if (range is { } r)
            {
                message.Request.Headers.SetValue("x-ms-range", r.ToHeaderValue());
            }

            var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
            if (response.Status is not (200 or 206))
            {
                throw await FailureAsync(response, "Get Blob", container, blobName, cancellationToken).ConfigureAwait(false);
            }

            var contentLength = response.Headers.ContentLengthLong ?? 0;
            var blobLength = response.Status == 206 ? TotalLengthOf(response) ?? contentLength : contentLength;
            var properties = BlobResponses.PropertiesOf(response, blobLength);
            var stream = new MessageOwningStream(message, response.ContentStream ?? Stream.Null);
            handedOver = true;
            return new BlobDownload(stream, contentLength, properties, range);
        }
        finally
        {
            if (!handedOver)
            {
                message.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(container);
        using var message = CreateMessage(RequestMethod.Head, container, blobName);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            200 => BlobResponses.PropertiesOf(response, response.Headers.ContentLengthLong ?? 0),
            404 => null,
            _ => throw await FailureAsync(response, "Get Blob Properties", container, blobName, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The blob size from <c>Content-Range: bytes 0-99/1234</c>.</summary>
    private static long? TotalLengthOf(Response response)
    {
        if (!response.Headers.TryGetValue("Content-Range", out var contentRange))
        {
            return null;
        }

        var slash = contentRange.LastIndexOf('/');
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : null;
    }
}
