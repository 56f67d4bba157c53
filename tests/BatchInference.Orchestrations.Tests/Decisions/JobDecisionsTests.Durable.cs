using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.State;
using static BatchInference.Orchestrations.Tests.Decisions.SampleJobs;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>What a prepared job needs next, and the fan-in of its shard orchestrations.</summary>
public sealed partial class JobDecisionsTests
{
    [Fact]
    public void Next_RunningJobWithFinishedShards_NamesOnlyTheUnfinishedOnesInOrder()
    {
        var job = Running(5, 3, 0) with { Lines = 42 };

        var next = JobDecisions.Next(job);

        Assert.Equal(JobNext.RunShards, next.Next);
        Assert.Equal([1, 2, 4], next.Shards);
        Assert.Equal(5, next.ShardCount);
        Assert.Equal(42, next.Lines);
    }

    [Theory]
    [InlineData(JobStatus.Finishing, JobNext.Finish)]
    [InlineData(JobStatus.Pending, JobNext.None)]
    [InlineData(JobStatus.Completed, JobNext.None)]
    [InlineData(JobStatus.Cancelled, JobNext.None)]
    public void Next_JobNotRunning_FinishesOrDoesNothing(JobStatus status, JobNext expected) =>
        Assert.Equal(expected, JobDecisions.Next(WithStatus(status)).Next);

    [Fact]
    public void ShardsEnded_RunningJob_RecordsEveryShardAndMovesToFinishing()
    {
        var next = JobDecisions.ShardsEnded(Running(4, 2), Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Finishing, next.Status);
        Assert.Equal([2, 0, 1, 3], next.ShardsFinished);
        Assert.True(next.AllShardsFinished);
        Assert.Equal(Now, next.UpdatedAt);
    }

    [Theory]
    [InlineData(JobStatus.Pending)]
    [InlineData(JobStatus.Finishing)]
    [InlineData(JobStatus.Completed)]
    public void ShardsEnded_JobNotRunning_ChangesNothing(JobStatus status) =>
        Assert.Null(JobDecisions.ShardsEnded(WithStatus(status), Now));
}
