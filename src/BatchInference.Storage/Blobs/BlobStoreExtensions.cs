namespace BatchInference.Storage.Blobs;

/// <summary>Conveniences over any <see cref="IBlobStore"/>.</summary>
public static class BlobStoreExtensions
{
    /// <summary>Reads a small blob whole (state documents, sidecars), with the ETag of the version read.</summary>
    /// <param name="store">The store.</param>
    /// <param name="container">Container name.</param>
    /// <param name="blobName">Blob name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The content and properties, or null when the blob does not exist.</returns>
    public static async Task<BlobContent?> TryDownloadContentAsync(
        this IBlobStore store, string container, string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var download = await store.DownloadAsync(container, blobName, range: null, cancellationToken).ConfigureAwait(false);
            await using (download.ConfigureAwait(false))
            {
                var content = await BinaryData.FromStreamAsync(download.Content, cancellationToken).ConfigureAwait(false);
                return new BlobContent(content, download.Properties);
            }
        }
        catch (BlobStorageException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCodes.BlobNotFound)
        {
            return null;
        }
    }
}
