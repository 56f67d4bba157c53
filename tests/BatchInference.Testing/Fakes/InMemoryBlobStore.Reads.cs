using System.Runtime.CompilerServices;
using BatchInference.Storage.Blobs;

namespace BatchInference.Testing.Fakes;

/// <summary>Reads: downloads (whole or ranged), properties, and listing page by page.</summary>
public sealed partial class InMemoryBlobStore
{
    private const int DefaultPageSize = 5000;

    /// <inheritdoc />
    public Task<BlobDownload> DownloadAsync(
        string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        FakeStorageRules.Container(container);
        cancellationToken.ThrowIfCancellationRequested();
        StoredBlob blob;
        lock (_gate)
        {
            blob = BlobsOf(container, blobName).TryGetValue(blobName, out var found)
                ? found
                : throw NotFound(BlobErrorCodes.BlobNotFound, container, blobName);
        }

        var properties = blob.PropertiesAt(_time.GetUtcNow());
        var (offset, count) = (0L, (long)blob.Content.Length);
        if (range is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(r.Offset, nameof(range));
            if (r.Length is { } length)
            {
                ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length, nameof(range));
            }

            if (r.Offset >= blob.Content.Length)
            {
                throw new BlobStorageException(416, "InvalidRange", $"Get Blob {container}/{blobName} failed: 416 InvalidRange.");
            }

            offset = r.Offset;
            count = Math.Min(r.Length ?? long.MaxValue, blob.Content.Length - r.Offset);
        }

        // The stored array is never written again (a write stores a new one), so the stream can read it in place.
        var stream = new MemoryStream(blob.Content, (int)offset, (int)count, writable: false);
        return Task.FromResult(new BlobDownload(stream, count, properties, range));
    }

    /// <inheritdoc />
    public Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default)
    {
        FakeStorageRules.Container(container);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var found = _containers.TryGetValue(container, out var blobs) && blobs.TryGetValue(blobName, out var blob)
                ? blob.PropertiesAt(_time.GetUtcNow())
                : null;
            return Task.FromResult(found);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<BlobItem> ListAsync(
        string container,
        string? prefix = null,
        BlobListOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        FakeStorageRules.Container(container);
        if (options?.PageSize is { } size && size is < 1 or > DefaultPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), size, "PageSize must be between 1 and 5000.");
        }

        // Page by page from the name after the last one returned, as the service's continuation marker does: blobs
        // written or deleted between pages show up or vanish exactly as they would on Azure.
        string? marker = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = Page(container, prefix ?? string.Empty, options, marker);
            foreach (var item in page)
            {
                yield return item;
            }

            marker = page.Count == (options?.PageSize ?? DefaultPageSize) ? page[^1].Name : null;
            await Task.Yield();
        }
        while (marker is not null);
    }

    private List<BlobItem> Page(string container, string prefix, BlobListOptions? options, string? marker)
    {
        lock (_gate)
        {
            return BlobsOf(container, null)
                .Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal)
                    && (marker is null || Utf8Order.Instance.Compare(pair.Key, marker) > 0))
                .Take(options?.PageSize ?? DefaultPageSize)
                .Select(pair => new BlobItem(
                    pair.Key,
                    pair.Value.Content.Length,
                    pair.Value.ETag,
                    pair.Value.LastModified,
                    options?.IncludeMetadata == true ? new Dictionary<string, string>(pair.Value.Metadata, StringComparer.OrdinalIgnoreCase) : null))
                .ToList();
        }
    }
}
