using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.State;
using static BatchInference.Orchestrations.Tests.Decisions.SampleJobs;

namespace BatchInference.Orchestrations.Tests.Decisions;

/// <summary>How a finished job ends: its summary status, and the state that records it.</summary>
public sealed partial class JobDecisionsTests
{
    private static readonly JobLineCounts AllSucceeded = new() { Total = 3, Succeeded = 3 };

    [Fact]
    public void Outcome_FailureReason_WinsOverCancelAndCounts()
    {
        var state = WithStatus(JobStatus.Finishing) with { FailureReason = "poison", CancelRequested = true };

        Assert.Equal((JobSummaryStatus.Failed, "poison"), JobDecisions.Outcome(state, AllSucceeded));
    }

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(3, 3, 0, 0)]
    [InlineData(3, 0, 0, 3)]
    [InlineData(3, 1, 1, 1)]
    public void Outcome_CancelRequested_IsCancelledWhateverTheCounts(long total, long succeeded, long failed, long invalid)
    {
        var state = WithStatus(JobStatus.Finishing) with { CancelRequested = true };
        var counts = new JobLineCounts { Total = total, Succeeded = succeeded, Failed = failed, Invalid = invalid };

        Assert.Equal((JobSummaryStatus.Cancelled, null), JobDecisions.Outcome(state, counts));
    }

    [Fact]
    public void Outcome_NoLines_FailsAsAnEmptyInput()
    {
        var (status, reason) = JobDecisions.Outcome(WithStatus(JobStatus.Finishing), new JobLineCounts());

        Assert.Equal(JobSummaryStatus.Failed, status);
        Assert.Equal("The input has no request lines.", reason);
    }

    [Fact]
    public void Outcome_AllLinesInvalid_FailsNamingTheCount()
    {
        var (status, reason) = JobDecisions.Outcome(WithStatus(JobStatus.Finishing), new JobLineCounts { Total = 4, Invalid = 4 });

        Assert.Equal(JobSummaryStatus.Failed, status);
        Assert.Equal("No line could run: all 4 lines are invalid (see errors.jsonl).", reason);
    }

    [Theory]
    [InlineData(4, 3, 1, 0)]
    [InlineData(4, 3, 0, 1)]
    [InlineData(4, 0, 4, 0)]
    [InlineData(4, 0, 1, 3)]
    public void Outcome_SomeLinesFailedOrInvalid_CompletesWithErrors(long total, long succeeded, long failed, long invalid)
    {
        var counts = new JobLineCounts { Total = total, Succeeded = succeeded, Failed = failed, Invalid = invalid };

        Assert.Equal((JobSummaryStatus.CompletedWithErrors, null), JobDecisions.Outcome(WithStatus(JobStatus.Finishing), counts));
    }

    [Fact]
    public void Outcome_AllLinesSucceeded_Completes()
    {
        Assert.Equal((JobSummaryStatus.Completed, null), JobDecisions.Outcome(WithStatus(JobStatus.Finishing), AllSucceeded));
    }

    [Theory]
    [InlineData(JobSummaryStatus.Completed, JobStatus.Completed)]
    [InlineData(JobSummaryStatus.CompletedWithErrors, JobStatus.CompletedWithErrors)]
    [InlineData(JobSummaryStatus.Cancelled, JobStatus.Cancelled)]
    [InlineData(JobSummaryStatus.Failed, JobStatus.Failed)]
    public void Finished_SummaryStatus_MapsToTheTerminalJobStatus(JobSummaryStatus summaryStatus, JobStatus expected)
    {
        var finishedAt = Now.AddSeconds(-3);
        var reason = summaryStatus == JobSummaryStatus.Failed ? "why" : null;

        var next = JobDecisions.Finished(WithStatus(JobStatus.Finishing), Summary(summaryStatus, reason, finishedAt), Now);

        Assert.NotNull(next);
        Assert.Equal(expected, next.Status);
        Assert.True(next.Status.IsTerminal());
        Assert.Equal(reason, next.FailureReason);
        Assert.Equal(finishedAt, next.FinishedAt);
        Assert.Equal(Now, next.UpdatedAt);
    }

    [Fact]
    public void Finished_SummaryWithoutFinishTime_UsesNow()
    {
        var next = JobDecisions.Finished(WithStatus(JobStatus.Finishing), Summary(JobSummaryStatus.Completed, null, finishedAt: null), Now);

        Assert.Equal(Now, next?.FinishedAt);
    }

    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.CompletedWithErrors)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void Finished_TerminalJob_ReturnsNull(JobStatus status)
    {
        Assert.Null(JobDecisions.Finished(WithStatus(status), Summary(JobSummaryStatus.Completed, null, Now), Now));
    }

    private static JobSummary Summary(JobSummaryStatus status, string? reason, DateTimeOffset? finishedAt) => new()
    {
        JobId = JobId,
        Status = status,
        FailureReason = reason,
        CreatedAt = Created,
        FinishedAt = finishedAt,
        Deadline = Created.AddHours(24),
    };
}
