using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IWorkQueue"/> over a Storage Queue must do, as Azure Storage does it. Each subclass runs every
/// case against one implementation: Azurite through the adapter, and the in-memory fake. Locks here are long (30 s and
/// more) so that a slow machine cannot lapse one mid-case; cases that need a lock or delay to run out are
/// <see cref="ClockFactAttribute"/>s.
/// </summary>
public abstract partial class WorkQueueContract
{
    protected static readonly TimeSpan Lock = TimeSpan.FromSeconds(30);

    /// <summary>A new, empty queue no other case uses.</summary>
    /// <param name="messageTimeToLive">How long messages live; null for never.</param>
    protected abstract Task<IWorkQueue> NewQueueAsync(TimeSpan? messageTimeToLive = null);

    /// <summary>Moves the subject's clock on; only called by <see cref="ClockFactAttribute"/> cases.</summary>
    protected abstract Task AdvanceAsync(TimeSpan by);

    protected async Task<(IWorkQueue Queue, WorkQueueMessage Received)> ReceiveFreshAsync(string text, TimeSpan? lockDuration = null)
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync(BinaryData.FromString(text));
        return (queue, Assert.Single(await queue.ReceiveAsync(1, lockDuration ?? Lock)));
    }

    [Fact]
    public async Task Send_ThenReceive_DeliversTheBodyUnderALockWithDequeueCountOne()
    {
        var queue = await NewQueueAsync();
        var body = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

        var receipt = await queue.SendAsync(new BinaryData(body));
        var received = Assert.Single(await queue.ReceiveAsync(10, Lock));

        Assert.Equal(receipt.MessageId, received.Id);
        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal(1, received.DequeueCount);
        Assert.Equal(receipt.EnqueuedAt, received.EnqueuedAt);
        Assert.Equal(receipt.EnqueuedAt, receipt.NextVisibleAt);
        Assert.InRange(received.NextVisibleAt - received.EnqueuedAt, Lock - TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.False(string.IsNullOrEmpty(received.LockToken));
    }

    [Fact]
    public async Task Receive_EmptyQueue_ReturnsNothingAtOnce()
    {
        var queue = await NewQueueAsync();

        Assert.Empty(await queue.ReceiveAsync(32, Lock));
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Receive_LockedMessage_IsHiddenFromTheNextReceiver()
    {
        var (queue, _) = await ReceiveFreshAsync("mine");

        Assert.Empty(await queue.ReceiveAsync(1, Lock));
        Assert.Equal(1, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Receive_MaxMessages_TakesAtMostThatManyAndLeavesTheRest()
    {
        var queue = await NewQueueAsync();
        foreach (var text in new[] { "a", "b", "c" })
        {
            await queue.SendAsync(BinaryData.FromString(text));
        }

        var first = await queue.ReceiveAsync(2, Lock);
        var rest = await queue.ReceiveAsync(32, Lock);

        Assert.Equal(2, first.Count);
        Assert.Equal(["a", "b", "c"], first.Concat(rest).Select(m => m.Body.ToString()).Order(StringComparer.Ordinal));
        // A lock token goes with its message id: Azurite hands one pop receipt to a whole batch, which is fine.
        foreach (var message in first.Concat(rest))
        {
            Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(message));
        }

        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Receive_SeveralReceiversAtOnce_EachMessageGoesToExactlyOne()
    {
        var queue = await NewQueueAsync();
        for (var i = 0; i < 12; i++)
        {
            await queue.SendAsync(BinaryData.FromString($"m{i}"));
        }

        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => queue.ReceiveAsync(32, Lock))));
        var rest = await queue.ReceiveAsync(32, Lock);

        var ids = batches.SelectMany(b => b).Concat(rest).Select(m => m.Id).ToList();
        Assert.Equal(12, ids.Count);
        Assert.Equal(12, ids.Distinct().Count());
    }

    [Fact]
    public async Task Send_WithDelay_IsHiddenAndItsReceiptSaysUntilWhenRoundedUpToSeconds()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendAsync(BinaryData.FromString("timer"), TimeSpan.FromMilliseconds(59_200));

        Assert.Equal(TimeSpan.FromSeconds(60), receipt.NextVisibleAt - receipt.EnqueuedAt);
        Assert.Empty(await queue.ReceiveAsync(1, Lock));
        Assert.Equal(1, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task Complete_CurrentLock_RemovesTheMessageAndASecondSettleFindsTheLockLost()
    {
        var (queue, received) = await ReceiveFreshAsync("once");

        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(received));
        Assert.Equal(0, await queue.GetApproximateCountAsync());
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(received));
        Assert.Equal(SettleOutcome.LockLost, await queue.AbandonAsync(received));
        Assert.Null(await queue.RenewLockAsync(received, Lock));
    }

    [Fact]
    public async Task Abandon_NoDelay_RedeliversAtOnceWithANewTokenAndRetiresTheOldOne()
    {
        var (queue, first) = await ReceiveFreshAsync("retry me");

        Assert.Equal(SettleOutcome.Applied, await queue.AbandonAsync(first));
        var second = Assert.Single(await queue.ReceiveAsync(1, Lock));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal("retry me", second.Body.ToString());
        Assert.Equal(first.EnqueuedAt, second.EnqueuedAt);
        Assert.NotEqual(first.LockToken, second.LockToken);
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(first));
        Assert.Equal(SettleOutcome.LockLost, await queue.AbandonAsync(first));
        Assert.Null(await queue.RenewLockAsync(first, Lock));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(second));
    }

    [Fact]
    public async Task Abandon_WithDelay_KeepsTheMessageHiddenAndCounted()
    {
        var (queue, first) = await ReceiveFreshAsync("back off");

        Assert.Equal(SettleOutcome.Applied, await queue.AbandonAsync(first, TimeSpan.FromSeconds(60)));

        Assert.Empty(await queue.ReceiveAsync(1, Lock));
        Assert.Equal(1, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task RenewLock_Held_GivesANewTokenAndLaterDeadlineAndRetiresTheOldToken()
    {
        var (queue, received) = await ReceiveFreshAsync("long job");

        var renewed = await queue.RenewLockAsync(received, TimeSpan.FromSeconds(120));

        Assert.NotNull(renewed);
        Assert.Equal((received.Id, received.DequeueCount, received.EnqueuedAt), (renewed.Id, renewed.DequeueCount, renewed.EnqueuedAt));
        Assert.NotEqual(received.LockToken, renewed.LockToken);
        Assert.True(renewed.NextVisibleAt >= received.NextVisibleAt.AddSeconds(85), $"{received.NextVisibleAt:O} -> {renewed.NextVisibleAt:O}");
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(received));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(renewed));
    }

    [Fact]
    public async Task RenewLock_AfterAnotherReceiverTookTheMessage_IsNull()
    {
        var (queue, mine) = await ReceiveFreshAsync("contested");
        await queue.AbandonAsync(mine);
        var theirs = Assert.Single(await queue.ReceiveAsync(1, Lock));

        Assert.Null(await queue.RenewLockAsync(mine, Lock));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(theirs));
    }

    [Fact]
    public async Task GetApproximateCount_CountsVisibleLockedAndDelayedMessages()
    {
        var (queue, received) = await ReceiveFreshAsync("locked");
        await queue.SendAsync(BinaryData.FromString("visible"));
        await queue.SendAsync(BinaryData.FromString("delayed"), TimeSpan.FromMinutes(5));

        Assert.Equal(3, await queue.GetApproximateCountAsync());
        await queue.CompleteAsync(received);
        Assert.Equal(2, await queue.GetApproximateCountAsync());
    }
}
