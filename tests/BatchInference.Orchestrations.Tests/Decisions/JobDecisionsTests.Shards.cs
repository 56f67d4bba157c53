using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.State;
using static BatchInference.Orchestrations.Tests.Decisions.SampleJobs;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>Fan-in: shards recording themselves finished, and who enqueues <c>FinishJob</c>.</summary>
public sealed partial class JobDecisionsTests
{
    [Fact]
    public void ShardFinished_RunningShard_RecordsItAndStaysRunning()
    {
        var next = JobDecisions.ShardFinished(Running(3), 1, Now);

        Assert.NotNull(next);
        Assert.Equal([1], next.ShardsFinished);
        Assert.Equal(JobStatus.Running, next.Status);
        Assert.Equal(Now, next.UpdatedAt);
        Assert.False(next.AllShardsFinished);
        Assert.False(JobDecisions.ShouldFinish(next));
    }

    [Fact]
    public void ShardFinished_SameShardTwice_SecondIsNull()
    {
        var once = JobDecisions.ShardFinished(Running(3), 2, Now)!;

        Assert.Null(JobDecisions.ShardFinished(once, 2, Now.AddSeconds(1)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(100)]
    public void ShardFinished_OutOfRangeShard_IsIgnored(int shard)
    {
        Assert.Null(JobDecisions.ShardFinished(Running(3), shard, Now));
    }

    [Fact]
    public void ShardFinished_LastShard_MovesToFinishingKeepingTheOrderShardsFinishedIn()
    {
        var next = JobDecisions.ShardFinished(Running(3, 2, 0), 1, Now);

        Assert.NotNull(next);
        Assert.Equal([2, 0, 1], next.ShardsFinished);
        Assert.Equal(JobStatus.Finishing, next.Status);
        Assert.True(next.AllShardsFinished);
        Assert.True(JobDecisions.ShouldFinish(next));
    }

    [Fact]
    public void ShardFinished_SingleShardJob_FinishesAtOnce()
    {
        var next = JobDecisions.ShardFinished(Running(1), 0, Now);

        Assert.Equal(JobStatus.Finishing, next?.Status);
    }

    [Theory]
    [InlineData(JobStatus.Pending)]
    [InlineData(JobStatus.Finishing)]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void ShardFinished_JobNotRunning_ReturnsNull(JobStatus status)
    {
        var state = WithStatus(status) with { ShardCount = 3, ShardsFinished = [] };

        Assert.Null(JobDecisions.ShardFinished(state, 0, Now));
    }

    [Theory]
    [InlineData(JobStatus.Pending, false)]
    [InlineData(JobStatus.Running, false)]
    [InlineData(JobStatus.Finishing, true)]
    [InlineData(JobStatus.Completed, false)]
    [InlineData(JobStatus.CompletedWithErrors, false)]
    [InlineData(JobStatus.Failed, false)]
    [InlineData(JobStatus.Cancelled, false)]
    public void ShouldFinish_Status_OnlyWhileFinishing(JobStatus status, bool expected)
    {
        Assert.Equal(expected, JobDecisions.ShouldFinish(WithStatus(status)));
    }

    [Fact]
    public void ShouldFinish_LastShardRedelivered_IsStillTrue()
    {
        // The redelivered RunShard gets "no change" but must still (re-)send FinishJob, in case the first was lost.
        var finishing = JobDecisions.ShardFinished(Running(2, 0), 1, Now)!;

        Assert.Null(JobDecisions.ShardFinished(finishing, 1, Now));
        Assert.True(JobDecisions.ShouldFinish(finishing));
    }
}
