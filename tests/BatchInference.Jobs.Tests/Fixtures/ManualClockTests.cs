using BatchInference.Testing;

namespace BatchInference.Jobs.Tests.Fixtures;

/// <summary>
/// The test clock many suites lean on: a timer it counts as pending must already be armed, so advancing the clock by
/// its due time fires it. Checked against a second thread that advances the moment the count turns to one, as the
/// retry tests do.
/// </summary>
public sealed class ManualClockTests
{
    [Fact]
    public async Task PendingTimer_AdvancedTheMomentItIsCounted_Fires()
    {
        for (var round = 0; round < 2_000; round++) // many rounds: the race it guards is nanoseconds wide
        {
            var clock = new ManualClock();
            var advanced = Task.Run(() =>
            {
                SpinWait.SpinUntil(() => clock.PendingTimers == 1);
                clock.Advance(TimeSpan.FromSeconds(5));
            });

            var delay = Task.Delay(TimeSpan.FromSeconds(5), clock);
            await advanced.WaitAsync(Poll.HangGuard);

            await delay.WaitAsync(Poll.HangGuard); // a delay that never fires is a TimeoutException here
        }
    }

    [Fact]
    public void ZeroDueTime_FiresAtOnce_IsNotCountedAsPending()
    {
        var clock = new ManualClock();
        var fired = 0;

        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.Equal(1, fired);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void PeriodicTimer_StaysPendingAfterFiring_UntilDisposed()
    {
        var clock = new ManualClock();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, fired);
        Assert.Equal(1, clock.PendingTimers);

        timer.Dispose();
        Assert.Equal(0, clock.PendingTimers);
    }
}
