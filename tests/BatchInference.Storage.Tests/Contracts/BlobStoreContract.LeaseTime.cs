using BatchInference.Storage.Blobs;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>Leases as time passes: expiry, renewal from now, break periods. Need a clock the test moves.</summary>
public abstract partial class BlobStoreContract
{
    [ClockFact]
    public async Task Lease_PastItsDuration_ExpiresAndWritesNeedNoIdButTheHolderMayStillRenew()
    {
        var container = await NewBlobAsync("l.txt");
        var lease = (await Store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(15)))!;

        await AdvanceAsync(TimeSpan.FromSeconds(14));
        var stillHeld = (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState;
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        var expired = (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState;
        var renewed = await Store.RenewLeaseAsync(container, "l.txt", lease.LeaseId);

        Assert.Equal(BlobLeaseState.Leased, stillHeld);
        Assert.Equal(BlobLeaseState.Expired, expired);
        Assert.Equal(lease.LeaseId, renewed.LeaseId);
        Assert.Equal(BlobLeaseState.Leased, (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
    }

    [ClockFact]
    public async Task Lease_ExpiredThenWritten_IsGoneForTheOldHolder()
    {
        var container = await NewBlobAsync("l.txt");
        var lease = (await Store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(15)))!;
        await AdvanceAsync(TimeSpan.FromSeconds(15));

        var intruder = await OtherClient.UploadAsync(container, "l.txt", BinaryData.FromString("next"));
        var staleWrite = await Store.UploadAsync(container, "l.txt", BinaryData.FromString("old"), Under(BlobConditions.UnderLease(lease.LeaseId)));

        Assert.True(intruder.Succeeded);
        Assert.True(staleWrite.PreconditionFailed);
        Assert.Equal(BlobLeaseState.Available, (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState);
        await Assert.ThrowsAsync<BlobStorageException>(() => Store.RenewLeaseAsync(container, "l.txt", lease.LeaseId));
    }

    [ClockFact]
    public async Task Lease_Renewed_RunsItsFullDurationFromTheRenewal()
    {
        var container = await NewBlobAsync("l.txt");
        var lease = (await Store.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(15)))!;

        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await Store.RenewLeaseAsync(container, "l.txt", lease.LeaseId);
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        var other = await OtherClient.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(15));
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        var afterExpiry = await OtherClient.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(15));

        Assert.Null(other);
        Assert.NotNull(afterExpiry);
    }

    [ClockFact]
    public async Task Lease_BreakPeriod_BlocksUntilItEndsThenTheBlobIsBroken()
    {
        var container = await NewBlobAsync("l.txt");
        await Store.TryAcquireLeaseAsync(container, "l.txt", duration: null);

        var remaining = await OtherClient.BreakLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(10));
        await AdvanceAsync(TimeSpan.FromSeconds(9));
        var breaking = (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState;
        var blocked = await OtherClient.UploadAsync(container, "l.txt", BinaryData.FromString("x"));
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        var broken = (await Store.GetPropertiesAsync(container, "l.txt"))!.LeaseState;

        Assert.Equal(TimeSpan.FromSeconds(10), remaining);
        Assert.Equal(BlobLeaseState.Breaking, breaking);
        Assert.True(blocked.PreconditionFailed);
        Assert.Equal(BlobLeaseState.Broken, broken);
        Assert.NotNull(await OtherClient.TryAcquireLeaseAsync(container, "l.txt", TimeSpan.FromSeconds(15)));
    }
}
