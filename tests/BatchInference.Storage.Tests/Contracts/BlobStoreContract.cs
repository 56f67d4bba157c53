using BatchInference.Storage.Blobs;
using BatchInference.Storage.Tests.Blobs;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IBlobStore"/> must do, as Azure Storage does it. Each subclass runs every case against one
/// implementation: Azurite through the adapter, and the in-memory fake; a case that passes for both is a behaviour
/// unit tests may rely on when they use the fake. Cases that need time to pass are <see cref="ClockFactAttribute"/>s.
/// </summary>
public abstract partial class BlobStoreContract
{
    /// <summary>The implementation under test.</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>Another client on the same account (a second worker); may be <see cref="Store"/> itself.</summary>
    protected abstract IBlobStore OtherClient { get; }

    /// <summary>A container name no other case uses (not created).</summary>
    protected abstract string NewContainerName();

    /// <summary>True for Azurite, where a case documents a known difference from Azure Storage.</summary>
    protected virtual bool IsAzurite => false;

    /// <summary>Moves the subject's clock on; only called by <see cref="ClockFactAttribute"/> cases.</summary>
    protected abstract Task AdvanceAsync(TimeSpan by);

    protected async Task<string> NewContainerAsync()
    {
        var container = NewContainerName();
        Assert.True(await Store.CreateContainerIfNotExistsAsync(container));
        return container;
    }

    protected async Task<string> ReadTextAsync(string container, string blobName) =>
        (await Store.TryDownloadContentAsync(container, blobName))!.Content.ToString();

    protected static BlobUploadOptions Under(BlobConditions conditions) => new() { Conditions = conditions };

    [Fact]
    public async Task CreateAndDeleteContainer_Twice_EachReportsWhetherThisCallDidIt()
    {
        var container = NewContainerName();

        Assert.True(await Store.CreateContainerIfNotExistsAsync(container));
        Assert.False(await Store.CreateContainerIfNotExistsAsync(container));
        Assert.True(await Store.DeleteContainerIfExistsAsync(container));
        Assert.False(await Store.DeleteContainerIfExistsAsync(container));
        Assert.Null(await Store.GetPropertiesAsync(container, "x"));
    }

    [Fact]
    public async Task DeleteContainer_WithBlobs_TakesThemAlong()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "a/b.txt", BinaryData.FromString("x"));

        await Store.DeleteContainerIfExistsAsync(container);
        await Store.CreateContainerIfNotExistsAsync(container);

        Assert.Empty(await Store.ListAsync(container).ToListAsync());
    }

    [Fact]
    public async Task Upload_ThenDownload_RoundTripsBytesContentTypeAndETag()
    {
        var container = await NewContainerAsync();
        var bytes = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();

        var written = await Store.UploadAsync(container, "work/j1/job.bin", new BinaryData(bytes), new BlobUploadOptions { ContentType = "application/x-ndjson" });

        Assert.True(written.Succeeded);
        Assert.Null(written.ErrorCode);
        await using var download = await Store.DownloadAsync(container, "work/j1/job.bin");
        Assert.Equal(bytes, (await BinaryData.FromStreamAsync(download.Content)).ToArray());
        Assert.Equal(300, download.ContentLength);
        Assert.Null(download.Range);
        Assert.Equal(300, download.Properties.ContentLength);
        Assert.Equal("application/x-ndjson", download.Properties.ContentType);
        Assert.Equal(written.ETag, download.Properties.ETag);
        Assert.Equal(written.LastModified, download.Properties.LastModified);
        Assert.Equal(BlobLeaseState.Available, download.Properties.LeaseState);
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(64, 64)] // exactly one block
    [InlineData(1000, 64)] // staged in blocks on Azure, committed whole
    public async Task Upload_Stream_StoresExactlyItsBytes(int size, int blockSize)
    {
        var container = await NewContainerAsync();

        var written = await Store.UploadAsync(container, "s.bin", new GeneratedStream(size, maxChunk: 7), new BlobUploadOptions { BlockSize = blockSize });

        Assert.True(written.Succeeded);
        await using var download = await Store.DownloadAsync(container, "s.bin");
        Assert.Equal(size, await GeneratedStream.VerifyAsync(download.Content));
        Assert.Equal(written.ETag, download.Properties.ETag);
    }

    [Fact]
    public async Task Upload_StreamCancelledMidway_CommitsNothing()
    {
        var container = await NewContainerAsync();
        using var cancellation = new CancellationTokenSource();
        var source = new GeneratedStream(10_000, maxChunk: 100, onRead: position =>
        {
            if (position >= 5_000)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.UploadAsync(container, "cancelled.bin", source, new BlobUploadOptions { BlockSize = 1_000 }, cancellation.Token));

        Assert.Null(await Store.GetPropertiesAsync(container, "cancelled.bin"));
    }

    [Fact]
    public async Task Upload_Replacing_ReplacesContentTypeAndMetadataToo()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "r.txt", BinaryData.FromString("one"), new BlobUploadOptions
        {
            ContentType = "text/plain",
            Metadata = new Dictionary<string, string> { ["kept"] = "no" },
        });

        await Store.UploadAsync(container, "r.txt", BinaryData.FromString("two"));

        var properties = (await Store.GetPropertiesAsync(container, "r.txt"))!;
        Assert.Equal("application/octet-stream", properties.ContentType);
        Assert.Empty(properties.Metadata);
        Assert.Equal("two", await ReadTextAsync(container, "r.txt"));
    }

    [Fact]
    public async Task EveryWrite_GivesANewETag_EvenWithTheSameBytes()
    {
        var container = await NewContainerAsync();

        var first = await Store.UploadAsync(container, "e.txt", BinaryData.FromString("same"));
        var second = await Store.UploadAsync(container, "e.txt", BinaryData.FromString("same"));
        var third = await Store.SetMetadataAsync(container, "e.txt", new Dictionary<string, string> { ["a"] = "1" });

        Assert.Equal(3, new[] { first.ETag, second.ETag, third.ETag }.Distinct().Count());
        Assert.Equal(third.ETag, (await Store.GetPropertiesAsync(container, "e.txt"))!.ETag);
        Assert.True(third.LastModified >= first.LastModified);
    }

    [Fact]
    public async Task MissingBlobOrContainer_ReadsReportNotFoundTheWayThePortSays()
    {
        var container = await NewContainerAsync();
        var absent = NewContainerName();

        var blob = await Assert.ThrowsAsync<BlobStorageException>(() => Store.DownloadAsync(container, "nope.txt"));
        var inAbsent = await Assert.ThrowsAsync<BlobStorageException>(() => Store.DownloadAsync(absent, "nope.txt"));
        var upload = await Assert.ThrowsAsync<BlobStorageException>(() => Store.UploadAsync(absent, "x.txt", BinaryData.FromString("x")));
        var delete = await Assert.ThrowsAsync<BlobStorageException>(() => Store.DeleteIfExistsAsync(absent, "x.txt"));

        Assert.Equal((404, BlobErrorCodes.BlobNotFound), (blob.Status, blob.ErrorCode));
        Assert.Equal((404, BlobErrorCodes.ContainerNotFound), (inAbsent.Status, inAbsent.ErrorCode));
        Assert.Equal((404, BlobErrorCodes.ContainerNotFound), (upload.Status, upload.ErrorCode));
        Assert.Equal((404, BlobErrorCodes.ContainerNotFound), (delete.Status, delete.ErrorCode));
        Assert.Null(await Store.GetPropertiesAsync(container, "nope.txt"));
        Assert.Null(await Store.GetPropertiesAsync(absent, "nope.txt"));
        Assert.Null(await Store.TryDownloadContentAsync(container, "nope.txt"));
    }

    [Theory]
    [InlineData(100, 50L, 50)]
    [InlineData(990, null, 10)]
    [InlineData(0, 1L, 1)]
    [InlineData(995, 100L, 5)] // a range running past the end stops at the end
    public async Task Download_Range_ReturnsOnlyThoseBytesAndTheWholeLength(long offset, long? length, long expected)
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "ranged.bin", new GeneratedStream(1000));

        await using var download = await Store.DownloadAsync(container, "ranged.bin", new BlobRange(offset, length));

        Assert.Equal(expected, download.ContentLength);
        Assert.Equal(new BlobRange(offset, length), download.Range);
        Assert.Equal(1000, download.Properties.ContentLength);
        Assert.Equal(expected, await GeneratedStream.VerifyAsync(download.Content, startIndex: offset));
    }

    [Fact]
    public async Task Download_RangeStartingPastTheEnd_Throws416()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "short.bin", BinaryData.FromString("abc"));

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => Store.DownloadAsync(container, "short.bin", new BlobRange(10, 5)));

        Assert.Equal(416, error.Status);
    }

    [Fact]
    public async Task Download_RangeStartingExactlyAtTheEnd_Is416OnAzureButEmptyOnAzurite()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "short.bin", BinaryData.FromString("abc"));

        if (IsAzurite)
        {
            // Known difference: by HTTP's rules (RFC 9110 14.1.1) a range starting at the length is unsatisfiable, 416; Azurite
            // 3.37 refuses only a start past the length and answers an empty range. Not checked against a real account here.
            await using var empty = await Store.DownloadAsync(container, "short.bin", new BlobRange(3));
            Assert.Equal(0, empty.ContentLength);
            return;
        }

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => Store.DownloadAsync(container, "short.bin", new BlobRange(3)));
        Assert.Equal(416, error.Status);
    }
}
