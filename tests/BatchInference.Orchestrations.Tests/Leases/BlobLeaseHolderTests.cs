using BatchInference.Orchestrations.Leases;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Orchestrations.Tests.Leases;

/// <summary>
/// Leases on a real Azurite. Renewals are driven by the manual clock; Azurite's own lease clock is real time, and a
/// 15-second lease does not lapse during a test.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class BlobLeaseHolderTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Blob = "job_1/shards/00000/state.json";

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private readonly AzureBlobStore _blobs = azurite.CreateBlobStore();
    private readonly ManualClock _time = new();
    private string _container = "";

    public async Task InitializeAsync()
    {
        _container = await azurite.CreateContainerAsync(_blobs, "lease");
        await _blobs.UploadAsync(_container, Blob, BinaryData.FromString("{}"));
    }

    public async Task DisposeAsync() => await _blobs.DeleteContainerIfExistsAsync(_container);

    [Fact]
    public async Task TryAcquireAsync_FreeBlob_HoldsTheLeaseUnderTheWorkersLeaseId()
    {
        await using var holder = await AcquireAsync("worker-1");

        Assert.NotNull(holder);
        Assert.Equal(BlobLeaseHolder.LeaseIdFor("worker-1", _container, Blob), holder.LeaseId);
        Assert.False(holder.Lost.IsCancellationRequested);
        Assert.Equal(BlobLeaseState.Leased, (await _blobs.GetPropertiesAsync(_container, Blob))!.LeaseState);
        var write = await _blobs.UploadAsync(_container, Blob, BinaryData.FromString("{}"), new BlobUploadOptions { Conditions = BlobConditions.UnderLease(holder.LeaseId) });
        Assert.True(write.Succeeded);
    }

    [Fact]
    public async Task TryAcquireAsync_HeldByAnotherWorker_ReturnsNull()
    {
        await using var first = await AcquireAsync("worker-1");

        var second = await AcquireAsync("worker-2");

        Assert.NotNull(first);
        Assert.Null(second);
    }

    [Fact]
    public async Task TryAcquireAsync_HeldByAnotherHandlerOfTheSameWorker_ReturnsNullUntilItIsReleased()
    {
        // The service grants an acquire proposing the held lease's own id, so only the worker's own record can refuse.
        var worker = new HeldLeases();
        var first = await AcquireAsync("worker-1", worker);

        var second = await AcquireAsync("worker-1", worker);
        await first!.DisposeAsync();
        await using var third = await AcquireAsync("worker-1", worker);

        Assert.Null(second);
        Assert.NotNull(third);
    }

    [Fact]
    public async Task TryAcquireAsync_SameWorkerAfterARestart_TakesItsLeaseBackAtOnce()
    {
        // The first holder is never disposed, as when its process died holding the lease.
        var beforeRestart = await AcquireAsync("worker-1");

        await using var afterRestart = await AcquireAsync("worker-1");

        Assert.NotNull(beforeRestart);
        Assert.NotNull(afterRestart);
        Assert.Equal(beforeRestart.LeaseId, afterRestart.LeaseId);
    }

    [Fact]
    public async Task DisposeAsync_Held_ReleasesSoAnotherWorkerAcquiresAtOnce()
    {
        var first = await AcquireAsync("worker-1");
        Assert.NotNull(first);

        await first.DisposeAsync();
        await using var second = await AcquireAsync("worker-2");

        Assert.NotNull(second);
        Assert.Equal(BlobLeaseHolder.LeaseIdFor("worker-2", _container, Blob), second.LeaseId);
    }

    [Fact]
    public async Task Renewal_LeaseStillHeld_KeepsHoldingWithoutReportingItLost()
    {
        await using var holder = await AcquireAsync("worker-1");
        Assert.NotNull(holder);

        for (var round = 1; round <= 3; round++)
        {
            _time.Advance(Duration / 3);
            await Poll.UntilAsync(() => _time.PendingTimers == 1, $"renewal {round} to finish and wait for the next one");
            Assert.False(holder.Lost.IsCancellationRequested, $"lost after renewal {round}");
        }

        var otherWorker = await AcquireAsync("worker-2");
        Assert.Null(otherWorker);
    }

    [Fact]
    public async Task Lost_LeaseBroken_IsCancelledAfterTheNextRenewalAttempt()
    {
        var holder = await AcquireAsync("worker-1");
        Assert.NotNull(holder);
        await _blobs.BreakLeaseAsync(_container, Blob, TimeSpan.Zero);
        Assert.False(holder.Lost.IsCancellationRequested);

        _time.Advance(Duration / 3);

        await Poll.UntilAsync(() => holder.Lost.IsCancellationRequested, "the holder to notice its lease is gone");
        await holder.DisposeAsync(); // releasing a broken lease fails quietly
        await using var next = await AcquireAsync("worker-2");
        Assert.NotNull(next);
    }

    [Fact]
    public void LeaseIdFor_SameWorkerAndBlob_IsStableAndAGuid()
    {
        var id = BlobLeaseHolder.LeaseIdFor("worker-1", "work", Blob);

        Assert.Equal(id, BlobLeaseHolder.LeaseIdFor("worker-1", "work", Blob));
        Assert.True(Guid.TryParseExact(id, "D", out _), id);
    }

    [Theory]
    [InlineData("worker-2", "work", Blob)]
    [InlineData("worker-1", "work2", Blob)]
    [InlineData("worker-1", "work", "job_1/shards/00001/state.json")]
    [InlineData("worker-1w", "ork", Blob)]
    public void LeaseIdFor_AnyPartDiffers_IsADifferentId(string workerId, string container, string blobName)
    {
        Assert.NotEqual(BlobLeaseHolder.LeaseIdFor("worker-1", "work", Blob), BlobLeaseHolder.LeaseIdFor(workerId, container, blobName));
    }

    // Each call without held leases is a worker instance of its own (e.g. one restarted with the same id).
    private Task<BlobLeaseHolder?> AcquireAsync(string workerId, HeldLeases? held = null) =>
        BlobLeaseHolder.TryAcquireAsync(_blobs, held ?? new HeldLeases(), _container, Blob, workerId, Duration, _time, NullLogger.Instance, CancellationToken.None);
}
