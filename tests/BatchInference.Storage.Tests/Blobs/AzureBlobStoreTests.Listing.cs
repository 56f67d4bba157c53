using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

/// <summary>Listing with prefixes and paging.</summary>
public sealed partial class AzureBlobStoreTests
{
    [Fact]
    public async Task ListAsync_TenBlobsPageSizeThree_FollowsMarkersAndReturnsAllInOrder()
    {
        var container = await azurite.CreateContainerAsync(_store);
        var names = Enumerable.Range(0, 10).Select(i => $"results/part-{i:D2}.jsonl").ToList();
        foreach (var name in names)
        {
            await _store.UploadAsync(container, name, BinaryData.FromString(name));
        }

        var listed = await _store.ListAsync(container, "results/", new BlobListOptions { PageSize = 3 }).ToListAsync();

        Assert.Equal(names, listed.Select(b => b.Name));
        Assert.All(listed, b => Assert.Equal(b.Name.Length, b.ContentLength));
        Assert.All(listed, b => Assert.NotEqual(default, b.LastModified));
        var first = await _store.GetPropertiesAsync(container, names[0]);
        Assert.Equal(first!.ETag, listed[0].ETag);
    }

    [Fact]
    public async Task ListAsync_Prefix_ReturnsOnlyMatchingNames()
    {
        var container = await azurite.CreateContainerAsync(_store);
        foreach (var name in new[] { "jobs/incoming/a.jsonl", "jobs/incoming/b.jsonl", "jobs/nightly/c.jsonl", "work/x" })
        {
            await _store.UploadAsync(container, name, BinaryData.FromString("x"));
        }

        var listed = await _store.ListAsync(container, "jobs/incoming/", new BlobListOptions { PageSize = 1 }).Select(b => b.Name).ToListAsync();

        Assert.Equal(["jobs/incoming/a.jsonl", "jobs/incoming/b.jsonl"], listed);
    }

    [Fact]
    public async Task ListAsync_MissingContainer_ThrowsContainerNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(async () => await _store.ListAsync(azurite.NewContainerName()).ToListAsync());

        Assert.Equal(404, error.Status);
        Assert.Equal(BlobErrorCodes.ContainerNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task ListAsync_EmptyContainer_ReturnsNothing()
    {
        var container = await azurite.CreateContainerAsync(_store);

        Assert.Empty(await _store.ListAsync(container).ToListAsync());
    }
}
