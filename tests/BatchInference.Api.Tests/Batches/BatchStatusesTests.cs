using BatchInference.Api.Batches;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.State;

namespace BatchInference.Api.Tests.Batches;

public sealed class BatchStatusesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(JobStatus.Pending, false, "validating")]
    [InlineData(JobStatus.Running, false, "in_progress")]
    [InlineData(JobStatus.Finishing, false, "finalizing")]
    [InlineData(JobStatus.Pending, true, "cancelling")]
    [InlineData(JobStatus.Running, true, "cancelling")]
    [InlineData(JobStatus.Finishing, true, "cancelling")]
    [InlineData(JobStatus.Completed, false, "completed")]
    [InlineData(JobStatus.CompletedWithErrors, false, "completed")]
    [InlineData(JobStatus.BudgetExceeded, false, "completed")]
    [InlineData(JobStatus.Cancelled, true, "cancelled")]
    [InlineData(JobStatus.Failed, false, "failed")]
    public void Of_JobStatus_OpenAIsStatus(JobStatus status, bool cancelRequested, string expected) =>
        Assert.Equal(expected, BatchStatuses.Of(Record(), Job(status, cancelRequested), Summary(deadlineMet: true)));

    [Fact]
    public void Of_EndedAfterItsDeadline_Expired() =>
        Assert.Equal("expired", BatchStatuses.Of(Record(), Job(JobStatus.Completed, false), Summary(deadlineMet: false)));

    [Fact]
    public void Of_ValidationErrors_FailedWhateverTheJob() =>
        Assert.Equal("failed", BatchStatuses.Of(Record() with { Errors = [new BatchError("mismatched_endpoint", "m", "url", 2)] }, null, null));

    [Fact]
    public void Of_NoJobYet_Validating() => Assert.Equal("validating", BatchStatuses.Of(Record(), null, null));

    private static BatchRecord Record() => new()
    {
        BatchId = "batch_000000000000000000000001",
        JobId = "job_000000000000000000000001",
        InputFileId = "file-00000000000000000000000000000001",
        Endpoint = "/v1/chat/completions",
        CompletionWindow = "24h",
        CreatedAt = T0.ToUnixTimeSeconds(),
    };

    private static JobState Job(JobStatus status, bool cancelRequested) => new()
    {
        JobId = "job_000000000000000000000001",
        Source = new JobSource("jobs", "api/t/files/x.jsonl", "etag"),
        Status = status,
        CreatedAt = T0,
        CancelRequested = cancelRequested,
    };

    private static JobSummary Summary(bool deadlineMet) => new()
    {
        JobId = "job_000000000000000000000001",
        Status = JobSummaryStatus.Completed,
        CreatedAt = T0,
        Deadline = T0.AddHours(24),
        DeadlineMet = deadlineMet,
    };
}
