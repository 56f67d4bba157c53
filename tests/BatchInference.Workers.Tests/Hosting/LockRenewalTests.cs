using BatchInference.Storage.Queues;
using BatchInference.Testing;
using BatchInference.Workers.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Workers.Tests.Hosting;

/// <summary>Lock renewal against a real Azurite, with the renewal interval driven by the manual clock.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class LockRenewalTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StopAsync_AfterARenewal_ReturnsTheMessageWithTheNewLockToken()
    {
        var (queue, received) = await ReceiveFreshAsync();
        var clock = new ManualTimeProvider();
        var renewal = new LockRenewal(queue, received, LockDuration, clock, NullLogger.Instance, CancellationToken.None);

        await RenewOnceAsync(clock);
        var current = await renewal.StopAsync();

        Assert.NotNull(current);
        Assert.Equal(received.Id, current.Id);
        Assert.NotEqual(received.LockToken, current.LockToken);
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(received));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(current));
        Assert.False(renewal.LostToken.IsCancellationRequested);
    }

    [Fact]
    public async Task StopAsync_BeforeTheFirstRenewal_ReturnsTheReceivedMessageAndStopsTheTimer()
    {
        var (queue, received) = await ReceiveFreshAsync();
        var clock = new ManualTimeProvider();
        var renewal = new LockRenewal(queue, received, LockDuration, clock, NullLogger.Instance, CancellationToken.None);

        var current = await renewal.StopAsync();

        Assert.Same(received, current);
        Assert.Equal(0, clock.PendingTimers);
        Assert.Same(current, await renewal.StopAsync());
    }

    [Fact]
    public async Task Renewal_MessageGone_CancelsLostTokenAndStopAsyncReturnsNull()
    {
        var (queue, received) = await ReceiveFreshAsync();
        var clock = new ManualTimeProvider();
        var renewal = new LockRenewal(queue, received, LockDuration, clock, NullLogger.Instance, CancellationToken.None);
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "the renewal to wait for its first turn");

        await queue.DeleteIfExistsAsync();
        await queue.CreateIfNotExistsAsync();
        clock.Advance(LockDuration / 3);

        await Poll.UntilAsync(() => renewal.LostToken.IsCancellationRequested, "the lost lock to be noticed");
        Assert.Null(await renewal.StopAsync());
        Assert.Equal(0, clock.PendingTimers);
    }

    /// <summary>Fires the renewal timer and waits until the renewal call is done and the next wait has begun.</summary>
    private static async Task RenewOnceAsync(ManualTimeProvider clock)
    {
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "the renewal to wait for its turn");
        clock.Advance(LockDuration / 3);
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "the renewal call to finish");
    }

    private async Task<(StorageQueueClient Queue, WorkQueueMessage Received)> ReceiveFreshAsync()
    {
        var queue = azurite.CreateQueueClient(azurite.NewContainerName("r"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendAsync(BinaryData.FromString("renew-me"));
        return (queue, Assert.Single(await queue.ReceiveAsync(1, LockDuration)));
    }
}
