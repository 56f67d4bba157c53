using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>Listing: by prefix, in name order, page by page, metadata on request.</summary>
public abstract partial class BlobStoreContract
{
    [Fact]
    public async Task List_ManyPages_ReturnsEveryMatchInNameOrderWithItsProperties()
    {
        var container = await NewContainerAsync();
        string[] names = ["results/b", "results/a-1", "results/a/1", "results/a.1", "results/A", "results/aa", "results/_", "results0", "other/a"];
        foreach (var name in names)
        {
            await Store.UploadAsync(container, name, BinaryData.FromString(name));
        }

        var listed = await Store.ListAsync(container, "results/", new BlobListOptions { PageSize = 2 }).ToListAsync();

        Assert.Equal(names.Where(n => n.StartsWith("results/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), listed.Select(b => b.Name));
        Assert.All(listed, b => Assert.Equal(b.Name.Length, b.ContentLength));
        Assert.All(listed, b => Assert.Null(b.Metadata));
        var first = (await Store.GetPropertiesAsync(container, listed[0].Name))!;
        Assert.Equal((first.ETag, first.LastModified), (listed[0].ETag, listed[0].LastModified));
    }

    [Fact]
    public async Task List_NoPrefix_ReturnsAllAndAnEmptyContainerNothing()
    {
        var container = await NewContainerAsync();
        var empty = await NewContainerAsync();
        await Store.UploadAsync(container, "z", BinaryData.FromString("z"));
        await Store.UploadAsync(container, "a/b", BinaryData.FromString("a"));

        Assert.Equal(["a/b", "z"], await Store.ListAsync(container).Select(b => b.Name).ToListAsync());
        Assert.Empty(await Store.ListAsync(empty).ToListAsync());
    }

    [Fact]
    public async Task List_IncludeMetadata_ReturnsEachBlobsMetadata()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "meta.txt", BinaryData.FromString("x"), new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["Source"] = "drop" } });

        var item = Assert.Single(await Store.ListAsync(container, options: new BlobListOptions { IncludeMetadata = true }).ToListAsync());

        Assert.Equal("drop", item.Metadata!["source"]);
    }

    [Fact]
    public async Task List_BlobsWrittenBetweenPages_AppearOnlyAfterTheMarker()
    {
        var container = await NewContainerAsync();
        foreach (var name in new[] { "b", "c", "e" })
        {
            await Store.UploadAsync(container, name, BinaryData.FromString(name));
        }

        var seen = new List<string>();
        await foreach (var item in Store.ListAsync(container, options: new BlobListOptions { PageSize = 2 }))
        {
            seen.Add(item.Name);
            if (item.Name == "c")
            {
                // The first page (b, c) is done; the next one starts after "c".
                await Store.UploadAsync(container, "a", BinaryData.FromString("a"));
                await Store.UploadAsync(container, "d", BinaryData.FromString("d"));
            }
        }

        Assert.Equal(["b", "c", "d", "e"], seen);
    }

    [Fact]
    public async Task List_MissingContainer_Throws404ContainerNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(async () => await Store.ListAsync(NewContainerName()).ToListAsync());

        Assert.Equal((404, BlobErrorCodes.ContainerNotFound), (error.Status, error.ErrorCode));
    }
}
