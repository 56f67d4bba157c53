using BatchInference.Storage.Queues;
using BatchInference.Testing;
using BatchInference.Testing.Fakes;
using BatchInference.Workers.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Workers.Tests.Hosting;

/// <summary>
/// Lock renewal against the in-memory queue (whose Storage Queue semantics the contract tests in
/// BatchInference.Storage.Tests/Contracts prove against Azurite), with the renewal interval driven by the manual clock.
/// </summary>
public sealed class LockRenewalTests
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StopAsync_AfterARenewal_ReturnsTheMessageWithTheNewLockToken()
    {
        var (queue, received) = await ReceiveFreshAsync();
        var clock = new ManualClock();
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
        var clock = new ManualClock();
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
        var clock = new ManualClock();
        var renewal = new LockRenewal(queue, received, LockDuration, clock, NullLogger.Instance, CancellationToken.None);
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "the renewal to wait for its first turn");

        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(received));
        clock.Advance(LockDuration / 3);

        await Poll.UntilAsync(() => renewal.LostToken.IsCancellationRequested, "the lost lock to be noticed");
        Assert.Null(await renewal.StopAsync());
        Assert.Equal(0, clock.PendingTimers);
    }

    /// <summary>Fires the renewal timer and waits until the renewal call is done and the next wait has begun.</summary>
    private static async Task RenewOnceAsync(ManualClock clock)
    {
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "the renewal to wait for its turn");
        clock.Advance(LockDuration / 3);
        await Poll.UntilAsync(() => clock.PendingTimers == 1, "the renewal call to finish");
    }

    private static async Task<(InMemoryWorkQueue Queue, WorkQueueMessage Received)> ReceiveFreshAsync()
    {
        // The queue's own clock stands still: the 30 s lock never lapses while the test drives the renewal timer.
        var queue = new InMemoryWorkQueue(new FakeTimeProvider());
        await queue.SendAsync(BinaryData.FromString("renew-me"));
        return (queue, Assert.Single(await queue.ReceiveAsync(1, LockDuration)));
    }
}
