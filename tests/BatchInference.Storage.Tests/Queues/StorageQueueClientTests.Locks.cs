using BatchInference.Storage.Queues;
using BatchInference.Testing;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>Locks: lapse and redelivery, renewal, abandon, and lost locks as outcomes rather than exceptions.</summary>
public sealed partial class StorageQueueClientTests
{
    [Fact]
    public async Task ReceiveAsync_LockedMessage_IsHiddenFromOthersUntilTheLockLapsesThenRedelivered()
    {
        var queue = await NewQueueAsync();
        var receipt = await queue.SendAsync(BinaryData.FromString("work"));

        var first = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(2)));
        Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        var second = await ReceiveOneAsync(queue, "redelivery after the lock lapsed");

        Assert.Equal(receipt.MessageId, second.Id);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal("work", second.Body.ToString());
        Assert.NotEqual(first.LockToken, second.LockToken);
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(first));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(second));
    }

    [Fact]
    public async Task RenewLockAsync_HeldLock_ExtendsItAndRetiresTheOldToken()
    {
        var queue = await NewQueueAsync();
        var probe = await NewQueueAsync();
        await queue.SendAsync(BinaryData.FromString("long job"));
        var received = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)));

        var renewed = await queue.RenewLockAsync(received, TimeSpan.FromSeconds(60));

        Assert.NotNull(renewed);
        Assert.Equal(received.Id, renewed.Id);
        Assert.Equal(received.DequeueCount, renewed.DequeueCount);
        Assert.NotEqual(received.LockToken, renewed.LockToken);
        Assert.True(renewed.NextVisibleAt >= received.NextVisibleAt.AddSeconds(55), $"{received.NextVisibleAt} -> {renewed.NextVisibleAt}");
        // Past the first lock's end by the queue service's own clock, the renewed lock still hides the message.
        await Poll.UntilAsync(
            async () => (await probe.SendAsync(BinaryData.FromString("tick"))).EnqueuedAt > received.NextVisibleAt,
            "the queue service's clock to pass the original lock",
            TimeSpan.FromSeconds(10),
            PollInterval);
        Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(received));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(renewed));
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task RenewLockAsync_LockTakenByAnotherReceiver_ReturnsNull()
    {
        var (queue, mine) = await ReceiveFreshAsync("contested");
        Assert.Equal(SettleOutcome.Applied, await queue.AbandonAsync(mine));
        var theirs = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));

        var renewed = await queue.RenewLockAsync(mine, TimeSpan.FromSeconds(30));

        Assert.Null(renewed);
        Assert.Equal(SettleOutcome.LockLost, await queue.AbandonAsync(mine));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(theirs));
    }

    [Fact]
    public async Task AbandonAsync_NoDelay_RedeliversAtOnceWithHigherDequeueCount()
    {
        var (queue, first) = await ReceiveFreshAsync("retry me");

        Assert.Equal(SettleOutcome.Applied, await queue.AbandonAsync(first));
        var second = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal("retry me", second.Body.ToString());
    }

    [Fact]
    public async Task AbandonAsync_Delay1s_HidesTheMessageUntilTheDelayPasses()
    {
        var (queue, first) = await ReceiveFreshAsync("back off");

        Assert.Equal(SettleOutcome.Applied, await queue.AbandonAsync(first, TimeSpan.FromSeconds(1)));
        Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        var second = await ReceiveOneAsync(queue, "the abandoned message after its delay");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(first));
    }

    [Fact]
    public async Task CompleteAsync_Twice_SecondReportsLockLost()
    {
        var (queue, received) = await ReceiveFreshAsync("once");

        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(received));
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(received));
        Assert.Null(await queue.RenewLockAsync(received, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CompleteAsync_QueueMissing_ThrowsInsteadOfReportingLockLost()
    {
        var (queue, received) = await ReceiveFreshAsync("orphan");
        await queue.DeleteIfExistsAsync();

        var error = await Assert.ThrowsAsync<QueueStorageException>(() => queue.CompleteAsync(received));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
        Assert.DoesNotContain(received.LockToken, error.Message, StringComparison.Ordinal);
    }
}
