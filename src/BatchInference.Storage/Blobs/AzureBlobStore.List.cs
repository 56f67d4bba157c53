using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Core;

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
        BlobNames.ValidateContainer(container);
        if (options?.PageSize is { } size && size is < 1 or > 5000)
        {
            throw new ArgumentOutOfRangeException(nameof(options), size, "PageSize must be between 1 and 5000.");
        }

        string? marker = null;
        do
        {
            var page = await ListPageAsync(container, prefix, options, marker, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }

    private async Task<BlobListPage> ListPageAsync(
        string container, string? prefix, BlobListOptions? options, string? marker, CancellationToken cancellationToken)
    {
        var query = new List<(string, string)> { ("restype", "container"), ("comp", "list") };
        if (!string.IsNullOrEmpty(prefix))
        {
            query.Add(("prefix", prefix));
        }

        if (marker is not null)
        {
            query.Add(("marker", marker));
        }

        if (options?.PageSize is { } pageSize)
        {
            query.Add(("maxresults", pageSize.ToString(CultureInfo.InvariantCulture)));
        }

        if (options?.IncludeMetadata == true)
        {
            query.Add(("include", "metadata"));
        }

        using var message = CreateMessage(RequestMethod.Get, container, blobName: null, [.. query]);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw await FailureAsync(response, "List Blobs", container, null, cancellationToken).ConfigureAwait(false);
        }

        return BlobListPage.Parse(response.Content.ToStream());
    }
}
