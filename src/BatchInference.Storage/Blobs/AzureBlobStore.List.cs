using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;

namespace BatchInference.Storage.Blobs;

/// <summary>Listing, page by page behind one async sequence.</summary>
public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    public async IAsyncEnumerable<BlobItem> ListAsync(
        string container,
        string? prefix = null,
        BlobListOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var client = Container(container);
        if (options?.PageSize is { } size && size is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), size, "PageSize must be between 1 and 5000.");
        }

        var includeMetadata = options?.IncludeMetadata == true;
        var pages = client
            .GetBlobsAsync(includeMetadata ? BlobTraits.Metadata : BlobTraits.None, BlobStates.None, string.IsNullOrEmpty(prefix) ? null : prefix, cancellationToken)
            .AsPages(continuationToken: null, pageSizeHint: options?.PageSize)
            .GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (await NextPageAsync(pages, container).ConfigureAwait(false))
            {
                foreach (var item in pages.Current.Values)
                {
                    yield return new BlobItem(
                        item.Name,
                        item.Properties.ContentLength ?? 0,
                        Unquoted(item.Properties.ETag ?? default),
                        item.Properties.LastModified ?? default,
                        includeMetadata ? Metadata(item.Metadata) : null);
                }
            }
        }
    }

    // A yield cannot sit in a try with a catch: the page fetch is wrapped here instead.
    private async Task<bool> NextPageAsync(IAsyncEnumerator<Page<Azure.Storage.Blobs.Models.BlobItem>> pages, string container)
    {
        try
        {
            return await pages.MoveNextAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "List Blobs", container, null);
        }
    }
}
