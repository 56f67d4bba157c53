using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Blobs;

/// <summary>Leases: exclusive writers.</summary>
public sealed partial class AzureBlobStoreTests
{
    [Fact]
    public async Task TryAcquireLeaseAsync_LeasedBlob_BlocksWritesWithoutTheLeaseId()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "l.txt", BinaryData.FromString("v0"));
        var lease = await _store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(15));
        Assert.NotNull(lease);

        var withoutLease = await _store.UploadAsync(container, "l.txt", BinaryData.FromString("intruder"));
        var metadataWithoutLease = await _store.SetMetadataAsync(container, "l.txt", new Dictionary<string, string> { ["a"] = "1" });
        var deleteWithoutLease = await _store.DeleteIfExistsAsync(container, "l.txt");
        var withLease = await _store.UploadAsync(
            container, "l.txt", BinaryData.FromString("owner"), new BlobUploadOptions { Conditions = BlobConditions.UnderLease(lease.LeaseId) });

        Assert.True(withoutLease.PreconditionFailed);
        Assert.Equal(BlobErrorCodes.LeaseIdMissing, withoutLease.ErrorCode);
        Assert.True(metadataWithoutLease.PreconditionFailed);
        Assert.Equal(BlobDeleteOutcome.PreconditionFailed, deleteWithoutLease);
        Assert.True(withLease.Succeeded);
        var properties = await _store.GetPropertiesAsync(container, "l.txt");
        Assert.Equal(BlobLeaseState.Leased, properties!.LeaseState);
        Assert.Equal("owner", (await _store.TryDownloadContentAsync(container, "l.txt"))!.Content.ToString());
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_AlreadyLeased_ReturnsNullUntilReleased()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "l.txt", BinaryData.FromString("v0"));
        var proposed = Guid.NewGuid().ToString();
        var first = await _store.TryAcquireLeaseAsync(container, "l.txt", duration: null, proposedLeaseId: proposed);

        var second = await _store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(30));
        var renewed = await _store.RenewLeaseAsync(container, "l.txt", first!.LeaseId);
        await _store.ReleaseLeaseAsync(container, "l.txt", first.LeaseId);
        var third = await _store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(30));

        Assert.Equal(proposed, first.LeaseId);
        Assert.Null(second);
        Assert.Equal(proposed, renewed.LeaseId);
        Assert.NotNull(third);
        Assert.NotEqual(proposed, third.LeaseId);
    }

    [Fact]
    public async Task BreakLeaseAsync_InfiniteLeaseWithZeroPeriod_FreesTheBlobAtOnce()
    {
        var container = await azurite.CreateContainerAsync(_store);
        await _store.UploadAsync(container, "l.txt", BinaryData.FromString("v0"));
        var lease = await _store.TryAcquireLeaseAsync(container, "l.txt", duration: null);

        var remaining = await _store.BreakLeaseAsync(container, "l.txt", TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, remaining);
        Assert.Equal(BlobLeaseState.Broken, (await _store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
        Assert.True((await _store.UploadAsync(container, "l.txt", BinaryData.FromString("free"))).Succeeded);
        var renew = await Assert.ThrowsAsync<BlobStorageException>(() => _store.RenewLeaseAsync(container, "l.txt", lease!.LeaseId));
        Assert.Equal(409, renew.Status);
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_MissingBlob_ThrowsBlobNotFound()
    {
        var container = await azurite.CreateContainerAsync(_store);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => _store.TryAcquireLeaseAsync(container, "missing", TimeSpan.FromSeconds(15)));

        Assert.Equal(BlobErrorCodes.BlobNotFound, error.ErrorCode);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(61)]
    public async Task TryAcquireLeaseAsync_DurationOutOfRange_Throws(int seconds) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _store.TryAcquireLeaseAsync(azurite.NewContainerName(), "x", TimeSpan.FromSeconds(seconds)));
}
