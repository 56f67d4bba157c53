using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Storage.Tests.Blobs;

/// <summary>Round trips, ranges, names and errors against a real Azurite.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed partial class AzureBlobStoreTests(AzuriteFixture azurite)
{
    private readonly AzureBlobStore _store = azurite.CreateBlobStore();

    [Fact]
    public async Task CreateContainerIfNotExistsAsync_Twice_CreatesOnceThenReportsExisting()
    {
        var container = azurite.NewContainerName();

        Assert.True(await _store.CreateContainerIfNotExistsAsync(container));
        Assert.False(await _store.CreateContainerIfNotExistsAsync(container));
        Assert.True(await _store.DeleteContainerIfExistsAsync(container));
        Assert.False(await _store.DeleteContainerIfExistsAsync(container));
    }

    [Fact]
    public async Task UploadAsync_SmallContent_RoundTripsBytesContentTypeAndETag()
    {
        var container = await azurite.CreateContainerAsync(_store);
        var options = new BlobUploadOptions { ContentType = "application/x-ndjson" };

        var written = await _store.UploadAsync(container, "work/j1/job.json", BinaryData.FromString("{\"a\":1}\n"), options);

        Assert.True(written.Succeeded);
        Assert.NotNull(written.ETag);
        await using var download = await _store.DownloadAsync(container, "work/j1/job.json");
        Assert.Equal("{\"a\":1}\n", (await BinaryData.FromStreamAsync(download.Content)).ToString());
        Assert.Equal(8, download.ContentLength);
        Assert.Equal(8, download.Properties.ContentLength);
        Assert.Equal("application/x-ndjson", download.Properties.ContentType);
        Assert.Equal(written.ETag, download.Properties.ETag);
    }

    [Fact]
    public async Task UploadAsync_EmptyStream_CreatesEmptyBlob()
    {
        var container = await azurite.CreateContainerAsync(_store);

        var written = await _store.UploadAsync(container, "empty.bin", new MemoryStream());

        Assert.True(written.Succeeded);
        var properties = await _store.GetPropertiesAsync(container, "empty.bin");
        Assert.NotNull(properties);
        Assert.Equal(0, properties.ContentLength);
        await using var download = await _store.DownloadAsync(container, "empty.bin");
        Assert.Equal(0, await GeneratedStream.VerifyAsync(download.Content));
    }

    [Fact]
    public async Task UploadAsync_20MiBStreamOfUnknownLength_IsStagedInBlocksAndStreamsBack()
    {
        const long Size = 20L * 1024 * 1024 + 12_345;
        var container = await azurite.CreateContainerAsync(_store);
        var source = new GeneratedStream(Size);

        var allocatedBeforeUpload = GC.GetTotalAllocatedBytes(precise: true);

        var written = await _store.UploadAsync(container, "big/input.jsonl", source, new BlobUploadOptions { BlockSize = 4 * 1024 * 1024 });

        var uploadAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBeforeUpload;
        Assert.True(written.Succeeded);
        Assert.Equal(Size, source.BytesRead);
        var allocatedBeforeDownload = GC.GetTotalAllocatedBytes(precise: true);
        await using var download = await _store.DownloadAsync(container, "big/input.jsonl");
        var openAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBeforeDownload;
        Assert.Equal(Size, download.ContentLength);
        Assert.Equal(Size, await GeneratedStream.VerifyAsync(download.Content));

        // Streaming, not buffering: the upload holds about one 4 MiB block (a whole-content buffer would allocate
        // at least the 20 MiB), and opening the download allocates nothing near the blob's size.
        Assert.True(uploadAllocated < 12L * 1024 * 1024, $"upload allocated {uploadAllocated} bytes");
        Assert.True(openAllocated < 2L * 1024 * 1024, $"opening the download allocated {openAllocated} bytes");
    }

    [Theory]
    [InlineData(1000, 100)] // exactly ten blocks: the last full block is followed by end of stream
    [InlineData(1001, 100)] // a one-byte last block
    [InlineData(100, 100)] // exactly one block: a single Put Blob
    [InlineData(101, 100)] // one byte over: two blocks
    [InlineData(5, 1)] // one-byte blocks
    public async Task UploadAsync_LengthsAroundBlockBoundaries_RoundTripExactly(int size, int blockSize)
    {
        var container = await azurite.CreateContainerAsync(_store);

        var written = await _store.UploadAsync(container, "edge.bin", new GeneratedStream(size, maxChunk: 7), new BlobUploadOptions { BlockSize = blockSize });

        Assert.True(written.Succeeded);
        await using var download = await _store.DownloadAsync(container, "edge.bin");
        Assert.Equal(size, await GeneratedStream.VerifyAsync(download.Content));
    }

    [Fact]
    public async Task UploadAsync_CancelledMidwayThroughStaging_CommitsNothing()
    {
        var container = await azurite.CreateContainerAsync(_store);
        using var cancellation = new CancellationTokenSource();
        var source = new GeneratedStream(10_000, maxChunk: 100, onRead: position =>
        {
            if (position >= 5_000)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _store.UploadAsync(container, "cancelled.bin", source, new BlobUploadOptions { BlockSize = 1_000 }, cancellation.Token));

        Assert.Null(await _store.GetPropertiesAsync(container, "cancelled.bin"));
    }

    [Theory]
    [InlineData(100, 50L, 50)]
    [InlineData(990, null, 10)]
    [InlineData(0, 1L, 1)]
    public async Task DownloadAsync_Range_StreamsOnlyThoseBytesAndReportsWholeLength(long offset, long? length, long expected)
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "ranged.bin", new GeneratedStream(1000));

        await using var download = await _store.DownloadAsync(container, "ranged.bin", new BlobRange(offset, length));

        Assert.Equal(expected, download.ContentLength);
        Assert.Equal(1000, download.Properties.ContentLength);
        Assert.Equal(expected, await GeneratedStream.VerifyAsync(download.Content, startIndex: offset));
    }

    [Fact]
    public async Task DownloadAsync_RangePastTheEnd_Throws416()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "short.bin", BinaryData.FromString("abc"));

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _store.DownloadAsync(container, "short.bin", new BlobRange(10, 5)));

        Assert.Equal(416, error.Status);
    }

    [Theory]
    [InlineData("dir with space/na\u00efve #1?.txt")]
    [InlineData("\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb.json")]
    [InlineData("percent%20literal+plus&amp=eq")]
    public async Task UploadAsync_NamesNeedingEncoding_RoundTripAndListExactly(string blobName)
    {
        var container = await azurite.CreateContainerAsync(_store);

        await _store.UploadAsync(container, blobName, BinaryData.FromString(blobName));

        var content = await _store.TryDownloadContentAsync(container, blobName);
        Assert.NotNull(content);
        Assert.Equal(blobName, content.Content.ToString());
        var listed = await _store.ListAsync(container).ToListAsync();
        Assert.Equal(blobName, Assert.Single(listed).Name);
    }

    [Fact]
    public async Task DownloadAsync_MissingBlob_ThrowsBlobNotFound404()
    {
        var container = await azurite.CreateContainerAsync(_store);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _store.DownloadAsync(container, "nope.txt"));

        Assert.Equal(404, error.Status);
        Assert.Equal(BlobErrorCodes.BlobNotFound, error.ErrorCode);
        Assert.Contains($"{container}/nope.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_MissingContainer_ThrowsContainerNotFound404()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _store.DownloadAsync(azurite.NewContainerName(), "x.txt"));

        Assert.Equal(404, error.Status);
        Assert.Equal(BlobErrorCodes.ContainerNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task UploadAsync_MissingContainer_ThrowsContainerNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            _store.UploadAsync(azurite.NewContainerName(), "x.txt", BinaryData.FromString("x")));

        Assert.Equal(BlobErrorCodes.ContainerNotFound, error.ErrorCode);
    }

    [Fact]
    public async Task GetPropertiesAsync_MissingBlobOrContainer_ReturnsNull()
    {
        var container = await azurite.CreateContainerAsync(_store);

        Assert.Null(await _store.GetPropertiesAsync(container, "missing"));
        Assert.Null(await _store.GetPropertiesAsync(azurite.NewContainerName(), "missing"));
    }

    [Fact]
    public async Task TryDownloadContentAsync_MissingBlob_ReturnsNull()
    {
        var container = await azurite.CreateContainerAsync(_store);

        Assert.Null(await _store.TryDownloadContentAsync(container, "missing"));
    }
}
