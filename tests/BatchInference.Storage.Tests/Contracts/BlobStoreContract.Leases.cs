using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>Leases that need no time to pass: exclusive writers, re-acquire, release, break, renew.</summary>
public abstract partial class BlobStoreContract
{
    private static readonly TimeSpan Fifteen = TimeSpan.FromSeconds(15);

    protected async Task<string> NewBlobAsync(string blobName, string text = "v0")
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, blobName, BinaryData.FromString(text));
        return container;
    }

    [Fact]
    public async Task Lease_Held_BlocksEveryWriteWithoutItsIdAndLetsTheHolderWrite()
    {
        var container = await NewBlobAsync("l.txt");
        var before = (await Store.GetPropertiesAsync(container, "l.txt"))!;
        var lease = (await Store.TryAcquireLeaseAsync(container, "l.txt", Fifteen))!;

        var upload = await Store.UploadAsync(container, "l.txt", BinaryData.FromString("intruder"));
        var metadata = await Store.SetMetadataAsync(container, "l.txt", new Dictionary<string, string> { ["a"] = "1" });
        var delete = await Store.DeleteIfExistsAsync(container, "l.txt");
        var wrongId = await Store.UploadAsync(container, "l.txt", BinaryData.FromString("intruder"), Under(BlobConditions.UnderLease(Guid.NewGuid().ToString())));
        var holder = await Store.UploadAsync(container, "l.txt", BinaryData.FromString("owner"), Under(BlobConditions.UnderLease(lease.LeaseId)));

        // Taking a lease changes neither the ETag nor Last-Modified.
        Assert.Equal((before.ETag, before.LastModified), (lease.ETag, lease.LastModified));
        Assert.Equal(BlobErrorCodes.LeaseIdMissing, upload.ErrorCode);
        Assert.True(metadata.PreconditionFailed);
        Assert.Equal(BlobDeleteOutcome.PreconditionFailed, delete);
        Assert.True(wrongId.PreconditionFailed);
        Assert.True(holder.Succeeded);
        var after = (await Store.GetPropertiesAsync(container, "l.txt"))!;
        Assert.Equal(BlobLeaseState.Leased, after.LeaseState);
        Assert.Equal("owner", await ReadTextAsync(container, "l.txt"));
    }

    [Fact]
    public async Task Lease_HeldByAnother_IsNullUntilReleasedWhileTheHolderMayTakeItAgain()
    {
        var container = await NewBlobAsync("l.txt");
        var proposed = Guid.NewGuid().ToString();
        var first = (await Store.TryAcquireLeaseAsync(container, "l.txt", duration: null, proposedLeaseId: proposed))!;

        var other = await OtherClient.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(30));
        var again = await Store.TryAcquireLeaseAsync(container, "l.txt", Fifteen, proposedLeaseId: proposed);
        var renewed = await Store.RenewLeaseAsync(container, "l.txt", first.LeaseId);
        await Store.ReleaseLeaseAsync(container, "l.txt", first.LeaseId);
        var released = (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState;
        var next = await OtherClient.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(30));

        Assert.Equal(proposed, first.LeaseId);
        Assert.Null(other);
        Assert.Equal(proposed, again?.LeaseId);
        Assert.Equal(proposed, renewed.LeaseId);
        Assert.Equal(BlobLeaseState.Available, released);
        Assert.NotNull(next);
        Assert.NotEqual(proposed, next.LeaseId);
    }

    [Fact]
    public async Task Lease_OperationsWithTheWrongIdOrNoLease_Throw409()
    {
        var container = await NewBlobAsync("l.txt");
        var free = await Assert.ThrowsAsync<BlobStorageException>(() => Store.ReleaseLeaseAsync(container, "l.txt", Guid.NewGuid().ToString()));
        var breakFree = await Assert.ThrowsAsync<BlobStorageException>(() => Store.BreakLeaseAsync(container, "l.txt"));
        await Store.TryAcquireLeaseAsync(container, "l.txt", Fifteen);

        var renew = await Assert.ThrowsAsync<BlobStorageException>(() => Store.RenewLeaseAsync(container, "l.txt", Guid.NewGuid().ToString()));
        var release = await Assert.ThrowsAsync<BlobStorageException>(() => Store.ReleaseLeaseAsync(container, "l.txt", Guid.NewGuid().ToString()));

        Assert.All([free, breakFree, renew, release], e => Assert.Equal(409, e.Status));
        Assert.Equal(BlobLeaseState.Leased, (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
    }

    [Fact]
    public async Task Lease_InfiniteBrokenWithZeroPeriod_FreesTheBlobAtOnceAndTheOldIdStopsWorking()
    {
        var container = await NewBlobAsync("l.txt");
        var lease = (await Store.TryAcquireLeaseAsync(container, "l.txt", duration: null))!;

        var remaining = await OtherClient.BreakLeaseAsync(container, "l.txt", TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, remaining);
        Assert.Equal(BlobLeaseState.Broken, (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
        var renew = await Assert.ThrowsAsync<BlobStorageException>(() => Store.RenewLeaseAsync(container, "l.txt", lease.LeaseId));
        Assert.Equal(409, renew.Status);
        var withOldId = await Store.UploadAsync(container, "l.txt", BinaryData.FromString("stale holder"), Under(BlobConditions.UnderLease(lease.LeaseId)));
        Assert.True(withOldId.PreconditionFailed);
        Assert.True((await OtherClient.UploadAsync(container, "l.txt", BinaryData.FromString("free"))).Succeeded);
        Assert.Equal(BlobLeaseState.Available, (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
        Assert.NotNull(await OtherClient.TryAcquireLeaseAsync(container, "l.txt", Fifteen));
    }

    [Fact]
    public async Task Lease_FixedBrokenWithoutPeriod_KeepsBlockingForTheRestOfTheLease()
    {
        var container = await NewBlobAsync("l.txt");
        var lease = (await Store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(60)))!;

        var remaining = await OtherClient.BreakLeaseAsync(container, "l.txt");

        // The rest of a 60 s lease, in whole seconds; a busy machine may have used a few of them.
        Assert.InRange(remaining, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        Assert.Equal(BlobLeaseState.Breaking, (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
        Assert.Equal(BlobErrorCodes.LeaseIdMissing, (await OtherClient.UploadAsync(container, "l.txt", BinaryData.FromString("x"))).ErrorCode);
        Assert.Null(await OtherClient.TryAcquireLeaseAsync(container, "l.txt", Fifteen));
        var reacquire = await Assert.ThrowsAsync<BlobStorageException>(() => Store.TryAcquireLeaseAsync(container, "l.txt", Fifteen, lease.LeaseId));
        Assert.Equal(409, reacquire.Status);
        Assert.True((await Store.UploadAsync(container, "l.txt", BinaryData.FromString("holder"), Under(BlobConditions.UnderLease(lease.LeaseId)))).Succeeded);
    }

    [Fact]
    public async Task Lease_LeasedBlobDeletedUnderItsLease_ComesBackUnleased()
    {
        var container = await NewBlobAsync("l.txt");
        var lease = (await Store.TryAcquireLeaseAsync(container, "l.txt", duration: null))!;

        Assert.Equal(BlobDeleteOutcome.Deleted, await Store.DeleteIfExistsAsync(container, "l.txt", BlobConditions.UnderLease(lease.LeaseId)));
        await Store.UploadAsync(container, "l.txt", BinaryData.FromString("new"));

        Assert.Equal(BlobLeaseState.Available, (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
    }

    [Fact]
    public async Task Lease_MissingBlob_Throws404()
    {
        var container = await NewContainerAsync();

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => Store.TryAcquireLeaseAsync(container, "missing", Fifteen));

        Assert.Equal((404, BlobErrorCodes.BlobNotFound), (error.Status, error.ErrorCode));
    }

    [Theory]
    [InlineData(14)]
    [InlineData(61)]
    public async Task Lease_DurationOutsideFifteenToSixtySeconds_IsRefusedBeforeSending(int seconds)
    {
        var container = await NewBlobAsync("l.txt");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(seconds)));
    }
}
