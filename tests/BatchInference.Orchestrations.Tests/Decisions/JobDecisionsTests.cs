using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.State;
using static BatchInference.Orchestrations.Tests.Decisions.SampleJobs;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>
/// The engine's pure decisions, one function or concern per partial file. Every case is plain records at fixed times:
/// no storage, no clock.
/// </summary>
public sealed partial class JobDecisionsTests
{
    [Fact]
    public void Submitted_Always_IsPendingWithTheSourceAndCreationTime()
    {
        var state = JobDecisions.Submitted(JobId, Source, Created);

        Assert.Equal(JobId, state.JobId);
        Assert.Equal(Source, state.Source);
        Assert.Equal(JobStatus.Pending, state.Status);
        Assert.Equal(Created, state.CreatedAt);
        Assert.Equal(Created, state.UpdatedAt);
        Assert.Null(state.StartedAt);
        Assert.Null(state.FinishedAt);
        Assert.Null(state.Deadline);
        Assert.Null(state.ShardCount);
        Assert.Null(state.FailureReason);
        Assert.Empty(state.ShardsFinished);
        Assert.False(state.CancelRequested);
        Assert.False(state.StopRequested);
        Assert.False(state.AllShardsFinished);
    }

    [Theory]
    [InlineData(JobStatus.Pending, nameof(StartAction.Split))]
    [InlineData(JobStatus.Running, nameof(StartAction.HandOut))]
    [InlineData(JobStatus.Finishing, nameof(StartAction.Finish))]
    [InlineData(JobStatus.Completed, nameof(StartAction.None))]
    [InlineData(JobStatus.CompletedWithErrors, nameof(StartAction.None))]
    [InlineData(JobStatus.Failed, nameof(StartAction.None))]
    [InlineData(JobStatus.Cancelled, nameof(StartAction.None))]
    public void OnStart_Status_DecidesTheAction(JobStatus status, string expected)
    {
        // StartAction is internal and a public test method cannot take it: the theory names it.
        Assert.Equal(Enum.Parse<StartAction>(expected), JobDecisions.OnStart(WithStatus(status)));
    }

    [Fact]
    public void OnStart_PendingCancelRequested_Finishes()
    {
        Assert.Equal(StartAction.Finish, JobDecisions.OnStart(Pending() with { CancelRequested = true }));
    }

    [Fact]
    public void OnStart_PendingWithFailureReason_Finishes()
    {
        Assert.Equal(StartAction.Finish, JobDecisions.OnStart(Pending() with { FailureReason = "unreadable" }));
    }

    [Fact]
    public void OnStart_RunningCancelRequested_StillHandsOut()
    {
        // Shards stop on their own when they see the cancel; they still have to run to record themselves finished.
        Assert.Equal(StartAction.HandOut, JobDecisions.OnStart(Running(2) with { CancelRequested = true }));
    }

    [Fact]
    public void Split_Pending_RunsWithShardCountLinesAndBytes()
    {
        var next = JobDecisions.Split(Pending(), shardCount: 4, lines: 1234, inputBytes: 56789, Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Running, next.Status);
        Assert.Equal(4, next.ShardCount);
        Assert.Equal(1234, next.Lines);
        Assert.Equal(56789, next.InputBytes);
        Assert.Equal(Now, next.StartedAt);
        Assert.Equal(Now, next.UpdatedAt);
        Assert.Equal(Created, next.CreatedAt);
        Assert.Empty(next.ShardsFinished);
    }

    [Fact]
    public void Split_ZeroShards_GoesStraightToFinishing()
    {
        var next = JobDecisions.Split(Pending(), shardCount: 0, lines: 0, inputBytes: 0, Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Finishing, next.Status);
        Assert.Equal(0, next.ShardCount);
        Assert.True(next.AllShardsFinished);
        Assert.True(JobDecisions.ShouldFinish(next));
    }

    [Fact]
    public void Split_PendingCancelRequested_KeepsTheCancel()
    {
        var next = JobDecisions.Split(Pending() with { CancelRequested = true }, 2, 20, 2000, Now);

        Assert.NotNull(next);
        Assert.True(next.CancelRequested);
        Assert.True(next.StopRequested);
    }

    [Theory]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Finishing)]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void Split_NotPending_ReturnsNull(JobStatus status)
    {
        Assert.Null(JobDecisions.Split(WithStatus(status), 4, 40, 4000, Now));
    }

    [Fact]
    public void Configure_Pending_RecordsDeadlineBudgetAndTags()
    {
        var deadline = Created.AddHours(24);
        var tags = new Dictionary<string, string> { ["team"] = "search", ["project"] = "evals" };

        var next = JobDecisions.Configure(Pending(), deadline, 12.5m, tags, Now);

        Assert.NotNull(next);
        Assert.Equal(JobStatus.Pending, next.Status);
        Assert.Equal(deadline, next.Deadline);
        Assert.Equal(12.5m, next.BudgetUsd);
        Assert.Equal(tags, next.Tags);
        Assert.Equal(Now, next.UpdatedAt);
    }

    [Fact]
    public void Configure_NoBudget_LeavesBudgetNull()
    {
        var next = JobDecisions.Configure(Pending(), Created.AddHours(1), null, new Dictionary<string, string>(), Now);

        Assert.NotNull(next);
        Assert.Null(next.BudgetUsd);
    }

    [Theory]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Finishing)]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Cancelled)]
    public void Configure_NotPending_ReturnsNullSoTheDeadlineStaysFixed(JobStatus status)
    {
        var state = WithStatus(status) with { Deadline = Created.AddHours(4) };

        Assert.Null(JobDecisions.Configure(state, Created.AddHours(72), 1m, new Dictionary<string, string>(), Now));
    }
}
