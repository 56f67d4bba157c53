using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;

namespace BatchInference.Storage.Blobs;

/// <summary>Reads: streamed downloads (whole or ranged) and properties.</summary>
public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    public async Task<BlobDownload> DownloadAsync(
        string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, blobName);
        var options = new BlobDownloadOptions();
        if (range is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(r.Offset, nameof(range));
            if (r.Length is { } length)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length, nameof(range));
            }

            options.Range = new HttpRange(r.Offset, r.Length);
        }

        try
        {
            // Streaming: the body is read from the socket as the caller reads; nothing is buffered whole.
            var response = await blob.DownloadStreamingAsync(options, cancellationToken).ConfigureAwait(false);
            var details = response.Value.Details;
            var contentLength = details.ContentLength;
            var blobLength = range is null ? contentLength : TotalLengthOf(details.ContentRange) ?? contentLength;
            var properties = new BlobProperties(
                blobLength, details.ContentType, Unquoted(details.ETag), details.LastModified, Metadata(details.Metadata), LeaseStateOf(details.LeaseState));
            return new BlobDownload(response.Value.Content, contentLength, properties, range);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Get Blob", container, blobName);
        }
    }

    /// <inheritdoc />
    public async Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, blobName);
        try
        {
            var p = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new BlobProperties(p.ContentLength, p.ContentType, Unquoted(p.ETag), p.LastModified, Metadata(p.Metadata), LeaseStateOf(p.LeaseState));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // A HEAD has no body: the SDK reads the code from x-ms-error-code (BlobNotFound or ContainerNotFound).
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Get Blob Properties", container, blobName);
        }
    }

    private static Dictionary<string, string> Metadata(IDictionary<string, string>? metadata) =>
        metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);

    private static BlobLeaseState LeaseStateOf(LeaseState state) =>
        Enum.TryParse<BlobLeaseState>(state.ToString(), ignoreCase: true, out var parsed) ? parsed : BlobLeaseState.Available;

    /// <summary>The blob size from <c>Content-Range: bytes 0-99/1234</c>.</summary>
    private static long? TotalLengthOf(string? contentRange)
    {
        var slash = contentRange?.LastIndexOf('/') ?? -1;
        return slash >= 0 && long.TryParse(contentRange.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : null;
    }
}
