namespace BatchInference.Workers.Tests;

public sealed class WorkerStatsTests
{
    [Fact]
    public void Counters_IncrementedFromManyThreads_AddUp()
    {
        var stats = new WorkerStats();

        Parallel.For(0, 1000, _ =>
        {
            stats.AddReceived(2);
            stats.AddCompleted();
            stats.AddRescheduled();
            stats.AddFailed();
            stats.AddPoisoned();
            stats.AddLockLost();
            stats.AddRunning(1);
            stats.AddRunning(-1);
        });

        Assert.Equal(2000, stats.Received);
        Assert.Equal(1000, stats.Completed);
        Assert.Equal(1000, stats.Rescheduled);
        Assert.Equal(1000, stats.Failed);
        Assert.Equal(1000, stats.Poisoned);
        Assert.Equal(1000, stats.LockLost);
        Assert.Equal(0, stats.Running);
    }

    [Fact]
    public void ToString_NamesEveryCounter()
    {
        var stats = new WorkerStats();
        stats.AddReceived(3);
        stats.AddCompleted();
        stats.AddRunning(2);

        Assert.Equal(
            "received 3, completed 1, rescheduled 0, failed 0, poisoned 0, lock lost 0, running 2",
            stats.ToString());
    }
}
