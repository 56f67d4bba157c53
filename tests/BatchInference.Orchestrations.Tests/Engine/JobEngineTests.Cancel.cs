using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary><c>bi cancel</c>: no new lines start, what is done is kept, every line is accounted for.</summary>
public sealed partial class JobEngineTests
{
    [Fact]
    public async Task CancelAsync_MidJob_KeepsFinishedLinesAndMarksTheRestCancelled()
    {
        await using var harness = await StartPacedAsync();
        var input = new JobInputBuilder().Mixed("cancel", 400);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        await Poll.UntilAsync(
            async () => (await harness.Engine.GetStatusAsync(jobId))?.Progress.Lines >= 20, "some lines to be checkpointed",
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));

        var cancelled = await harness.Engine.CancelAsync(jobId);
        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.True(cancelled!.CancelRequested);
        Assert.Equal(JobSummaryStatus.Cancelled, summary.Status);
        Assert.Equal(JobStatus.Cancelled, (await harness.Engine.GetJobAsync(jobId))!.Status);
        var output = await harness.ReadOutputAsync(jobId);
        var errors = await harness.ReadErrorsAsync(jobId);
        Assert.InRange(output.Count, 20, 399);
        Assert.All(errors, e => Assert.Equal("job_cancelled", e.Error!.Code));
        Assert.Equal(
            input.Successes.Select(s => s.CustomId).Order(StringComparer.Ordinal),
            output.Concat(errors).Select(l => l.CustomId!).Order(StringComparer.Ordinal));
        Assert.Equal(output.Count, summary.Counts.Succeeded);
        Assert.Equal(errors.Count, summary.Counts.Invalid);

        // Paid for is kept: every billable request is in the ledger; nothing cancelled was sent.
        Assert.Equal(harness.Emulator.RequestLog.BillableCount, (await harness.ReadLedgerAsync(jobId)).Count);
        Assert.All(errors, e => Assert.DoesNotContain(harness.RequestsFor(jobId, e.CustomId!), r => r.Billable));
    }

    [Fact]
    public async Task CancelAsync_QueuedJobNoWorkerHasStarted_EndsCancelledWithAJobCancelledRecordForEveryLine()
    {
        // No worker runs while the job is submitted and cancelled: its orchestration instance waits Pending until the
        // worker below takes it, so the job is cancelled before its input was ever split.
        await using var harness = await StartAsync(workers: 0);
        var input = new JobInputBuilder().Mixed("queued", 12);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);

        var cancelled = await harness.Engine.CancelAsync(jobId);
        await harness.StartWorkerAsync();
        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.True(cancelled!.CancelRequested);
        Assert.Equal(JobSummaryStatus.Cancelled, summary.Status);
        Assert.Equal(JobStatus.Cancelled, (await harness.Engine.GetJobAsync(jobId))!.Status);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
        Assert.Empty(await harness.ReadOutputAsync(jobId));
        Assert.Equal(0L, summary.Counts.Succeeded);

        // Every input line comes back, in input order, as the record a cancel after the split writes for a line not run.
        var errors = await harness.ReadErrorsAsync(jobId);
        Assert.Equal(input.Successes.Select(s => s.CustomId), errors.Select(e => e.CustomId!));
        Assert.All(errors, e => Assert.Equal("job_cancelled", e.Error!.Code));
        Assert.Equal(errors.Count, summary.Counts.Invalid);
    }

    [Fact]
    public async Task CancelAsync_FinishedJob_ChangesNothing()
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("done", 3).ToArray());
        var summary = await harness.RunAsync(blob);

        var state = await harness.Engine.CancelAsync(summary.JobId);

        Assert.Equal(JobStatus.Completed, state!.Status);
        Assert.False(state.CancelRequested);
        Assert.Null(await harness.Engine.CancelAsync("job_unknown"));
    }
}
