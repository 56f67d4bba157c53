using System.Runtime.CompilerServices;

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
                var content = await ReadWholeAsync(download, cancellationToken).ConfigureAwait(false);
                return new BlobContent(content, download.Properties);
            }
        }
        catch (BlobStorageException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCodes.BlobNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads many small blobs whole, up to <paramref name="concurrency"/> requests at once, and yields them in the
    /// order of <paramref name="blobNames"/>: a merge that reads hundreds of checkpoint parts waits for the service
    /// once per window instead of once per blob. At most <paramref name="concurrency"/> contents are held beyond the
    /// one being consumed. Abandoning the sequence cancels and awaits the downloads still running.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="container">Container name.</param>
    /// <param name="blobNames">Blob names, in the order wanted.</param>
    /// <param name="concurrency">Most downloads under way at once (at least 1).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>Each name with its content, or with null when the blob does not exist.</returns>
    public static async IAsyncEnumerable<(string Name, BlobContent? Content)> DownloadContentsAsync(
        this IBlobStore store,
        string container,
        IReadOnlyList<string> blobNames,
        int concurrency,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(blobNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var downloads = new Queue<(string Name, Task<BlobContent?> Content)>();
        var next = 0;
        try
        {
            while (next < blobNames.Count || downloads.Count > 0)
            {
                while (next < blobNames.Count && downloads.Count < concurrency)
                {
                    var name = blobNames[next++];
                    downloads.Enqueue((name, store.TryDownloadContentAsync(container, name, stop.Token)));
                }

                var (done, content) = downloads.Dequeue();
                yield return (done, await content.ConfigureAwait(false));
            }
        }
        finally
        {
            // An abandoned or failed enumeration must not leave downloads running.
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var (_, pending) in downloads)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    // The length is known from the response: one buffer of that size, not a MemoryStream that copies itself each time it
    // doubles (most of what a merge allocates for its hundreds of parts). A body shorter than announced throws.
    private static async Task<BinaryData> ReadWholeAsync(BlobDownload download, CancellationToken cancellationToken)
    {
        if (download.ContentLength <= 0 || download.ContentLength > Array.MaxLength)
        {
            return await BinaryData.FromStreamAsync(download.Content, cancellationToken).ConfigureAwait(false);
        }

        var bytes = new byte[download.ContentLength];
        await download.Content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return new BinaryData(bytes);
    }
}
