using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>An input that is gone by the time the job is split ends the job in a clear terminal state, not a hang.</summary>
public sealed partial class JobEngineTests
{
    [Fact]
    public async Task RunAsync_InputDeletedAfterSubmitBeforeTheSplit_FailsTheJobNamingTheBlob()
    {
        await using var harness = await StartAsync(workers: 0);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("gone", 3).ToArray());
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        await harness.Blobs.DeleteIfExistsAsync(StorageLayout.JobsContainer, blob);

        await harness.StartWorkerAsync();
        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains($"jobs/{blob}", summary.FailureReason, StringComparison.Ordinal);
        Assert.Contains("does not exist", summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Failed, (await harness.Engine.GetJobAsync(jobId))!.Status);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
    }
}
