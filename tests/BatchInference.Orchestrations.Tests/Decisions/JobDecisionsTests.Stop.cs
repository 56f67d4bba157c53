using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.State;
using static BatchInference.Orchestrations.Tests.Decisions.SampleJobs;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>Stopping a job: a user's cancel and a failure.</summary>
public sealed partial class JobDecisionsTests
{
    [Fact]
    public void Cancel_RunningJob_RequestsAStopAndKeepsRunning()
    {
        var next = JobDecisions.Cancel(Running(3, 1), Now);

        Assert.NotNull(next);
        Assert.True(next.CancelRequested);
        Assert.True(next.StopRequested);
        Assert.Equal(JobStatus.Running, next.Status);
        Assert.Equal([1], next.ShardsFinished);
        Assert.Equal(Now, next.UpdatedAt);
    }

    [Fact]
    public void Cancel_Twice_SecondIsNull()
    {
        var once = JobDecisions.Cancel(Running(3), Now)!;

        Assert.Null(JobDecisions.Cancel(once, Now.AddSeconds(1)));
    }

    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.CompletedWithErrors)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void Cancel_TerminalJob_ReturnsNull(JobStatus status)
    {
        Assert.Null(JobDecisions.Cancel(WithStatus(status), Now));
    }

    [Fact]
    public void Cancel_PendingJob_ReachesAStateFinishJobActsOn()
    {
        // StartJob sends FinishJob for a cancelled pending job (OnStart → Finish), and FinishJobStep only finishes a job
        // whose status is "finishing". So the cancelled state must be finishing already (as Fail does for a pending
        // job), or the job stays pending forever while CheckJob keeps re-sending StartJob.
        var cancelled = JobDecisions.Cancel(Pending(), Now);

        Assert.NotNull(cancelled);
        Assert.True(cancelled.CancelRequested);
        Assert.Equal(StartAction.Finish, JobDecisions.OnStart(cancelled));
        Assert.True(JobDecisions.ShouldFinish(cancelled), $"A cancelled pending job is '{cancelled.Status}', which FinishJob ignores.");
        Assert.Equal(0, cancelled.ShardCount);
    }

    [Fact]
    public void Fail_Pending_FinishesWithZeroShards()
    {
        var next = JobDecisions.Fail(Pending(), "The input does not exist.", shard: null, Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Finishing, next.Status);
        Assert.Equal(0, next.ShardCount);
        Assert.Equal("The input does not exist.", next.FailureReason);
        Assert.Equal(Now, next.UpdatedAt);
        Assert.True(next.StopRequested);
        Assert.True(JobDecisions.ShouldFinish(next));
        Assert.Equal(StartAction.Finish, JobDecisions.OnStart(next));
    }

    [Fact]
    public void Fail_RunningWithShard_CountsTheShardFinished()
    {
        var next = JobDecisions.Fail(Running(3, 0), "poison", shard: 2, Now);

        Assert.NotNull(next);
        Assert.Equal([0, 2], next.ShardsFinished);
        Assert.Equal(JobStatus.Running, next.Status);
        Assert.Equal("poison", next.FailureReason);
        Assert.True(next.StopRequested);
    }

    [Fact]
    public void Fail_RunningWithTheLastShard_MovesToFinishing()
    {
        var next = JobDecisions.Fail(Running(2, 0), "poison", shard: 1, Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Finishing, next.Status);
        Assert.Equal("poison", next.FailureReason);
        Assert.True(JobDecisions.ShouldFinish(next));
    }

    [Fact]
    public void Fail_RunningWithAShardAlreadyFinished_OnlyRecordsTheReason()
    {
        var next = JobDecisions.Fail(Running(3, 1), "poison", shard: 1, Now);

        Assert.NotNull(next);
        Assert.Equal([1], next.ShardsFinished);
        Assert.Equal(JobStatus.Running, next.Status);
        Assert.Equal("poison", next.FailureReason);
    }

    [Fact]
    public void Fail_RunningWithoutShard_KeepsRunningAndStopsShards()
    {
        var next = JobDecisions.Fail(Running(3), "budget store unreadable", shard: null, Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Running, next.Status);
        Assert.Empty(next.ShardsFinished);
        Assert.True(next.StopRequested);
    }

    [Fact]
    public void Fail_Twice_KeepsTheFirstReason()
    {
        var first = JobDecisions.Fail(Running(3), "first", shard: 0, Now)!;

        var second = JobDecisions.Fail(first, "second", shard: 1, Now.AddSeconds(1));

        Assert.NotNull(second);
        Assert.Equal("first", second.FailureReason);
        Assert.Equal([0, 1], second.ShardsFinished);
    }

    [Fact]
    public void Fail_Finishing_RecordsTheReasonAndStaysFinishing()
    {
        var next = JobDecisions.Fail(WithStatus(JobStatus.Finishing), "merge failed", shard: null, Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Finishing, next.Status);
        Assert.Equal("merge failed", next.FailureReason);
    }

    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.CompletedWithErrors)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void Fail_TerminalJob_ReturnsNull(JobStatus status)
    {
        Assert.Null(JobDecisions.Fail(WithStatus(status), "late poison", shard: 0, Now));
    }
}
