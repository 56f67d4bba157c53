using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Contracts;

/// <summary>Locks, delays and time-to-live as time passes. Need a clock the test moves.</summary>
public abstract partial class WorkQueueContract
{
    [ClockFact]
    public async Task Lock_Lapsed_RedeliversWithAHigherCountAndTheOldTokenIsLost()
    {
        var (queue, first) = await ReceiveFreshAsync("work");

        await AdvanceAsync(Lock - TimeSpan.FromSeconds(1));
        var early = await queue.ReceiveAsync(1, Lock);
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        var second = Assert.Single(await queue.ReceiveAsync(1, Lock));

        Assert.Empty(early);
        Assert.Equal((first.Id, 2), (second.Id, second.DequeueCount));
        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(first));
        Assert.Null(await queue.RenewLockAsync(first, Lock));
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(second));
    }

    [ClockFact]
    public async Task Lock_LapsedButNotReceivedAgain_StillSettlesWithItsToken()
    {
        // The pop receipt is replaced only by the next receive or update, not by the lock running out.
        var (queue, received) = await ReceiveFreshAsync("late");

        await AdvanceAsync(Lock + TimeSpan.FromSeconds(5));

        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(received));
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [ClockFact]
    public async Task Lock_Renewed_OutlastsTheFirstLockAndRunsFromTheRenewal()
    {
        var (queue, received) = await ReceiveFreshAsync("long job");

        await AdvanceAsync(TimeSpan.FromSeconds(20));
        var renewed = (await queue.RenewLockAsync(received, Lock))!;
        await AdvanceAsync(TimeSpan.FromSeconds(20));
        var hidden = await queue.ReceiveAsync(1, Lock);
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        var again = Assert.Single(await queue.ReceiveAsync(1, Lock));

        Assert.Empty(hidden);
        Assert.Equal((renewed.Id, 2), (again.Id, again.DequeueCount));
    }

    [ClockFact]
    public async Task Delay_Elapsed_MakesTheMessageVisibleThenAndNotBefore()
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync(BinaryData.FromString("timer"), TimeSpan.FromSeconds(90));

        await AdvanceAsync(TimeSpan.FromSeconds(89));
        var early = await queue.ReceiveAsync(1, Lock);
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        var due = Assert.Single(await queue.ReceiveAsync(1, Lock));

        Assert.Empty(early);
        Assert.Equal((1, "timer"), (due.DequeueCount, due.Body.ToString()));
    }

    [ClockFact]
    public async Task Abandon_WithDelay_RedeliversOnlyAfterTheDelay()
    {
        var (queue, first) = await ReceiveFreshAsync("back off");
        await queue.AbandonAsync(first, TimeSpan.FromSeconds(45));

        await AdvanceAsync(TimeSpan.FromSeconds(44));
        var early = await queue.ReceiveAsync(1, Lock);
        await AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Empty(early);
        Assert.Equal(2, Assert.Single(await queue.ReceiveAsync(1, Lock)).DequeueCount);
    }

    [ClockFact]
    public async Task TimeToLive_Passed_TheMessageIsGoneEvenUnderALock()
    {
        var queue = await NewQueueAsync(messageTimeToLive: TimeSpan.FromSeconds(60));
        await queue.SendAsync(BinaryData.FromString("short-lived"));
        var received = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(120)));

        await AdvanceAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(SettleOutcome.LockLost, await queue.CompleteAsync(received));
        Assert.Empty(await queue.ReceiveAsync(1, Lock));
    }
}
