using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    [Fact]
    public async Task RunAsync_SameBlobTwice_ReturnsTheSameSummaryWithoutNewRequestsOrWrites()
    {
        await using var harness = await StartAsync();
        var input = new JobInputBuilder().Mixed("again", 20).Bad("invalid_json", null, "{not json");
        var blob = await harness.UploadJobAsync(input.ToArray());
        var first = await harness.RunAsync(blob);
        var requestsAfterFirst = harness.Emulator.RequestLog.Snapshot().Count;
        var published = await harness.PublishedETagsAsync(first.JobId);

        var second = await harness.RunAsync(blob);

        Assert.Equal(Json(first), Json(second));
        Assert.Equal(20, requestsAfterFirst);
        Assert.Equal(requestsAfterFirst, harness.Emulator.RequestLog.Snapshot().Count);
        Assert.Equal(published, await harness.PublishedETagsAsync(first.JobId));
    }

    [Fact]
    public async Task RunAsync_SameNameUploadedAgain_IsANewJob()
    {
        await using var harness = await StartAsync();
        var content = new JobInputBuilder().Mixed("reupload", 5).ToArray();
        var blob = await harness.UploadJobAsync(content);
        var first = await harness.RunAsync(blob);

        var etag = await harness.UploadAsync(blob, content);
        var second = await harness.RunAsync(blob);

        Assert.NotEqual(first.JobId, second.JobId);
        Assert.Equal(JobId.ForBlob(StorageLayout.JobsContainer, blob, etag), second.JobId);
        Assert.Equal(JobSummaryStatus.Completed, second.Status);
        Assert.Equal(5, second.Counts.Succeeded);
        Assert.Equal(10, harness.Emulator.RequestLog.BillableCount);
        Assert.Equal(5, (await harness.ReadOutputAsync(second.JobId)).Count);
        Assert.Equal(5, (await harness.ReadOutputAsync(first.JobId)).Count);
    }

    [Fact]
    public async Task RunAsync_SameBlobTwiceAtOnce_PaysForEachLineOnce()
    {
        // A redelivered blob event can start a second run while the first is still going; the job id is the same, so
        // the work must not be: the provider must bill each line once, and the ledger must account for every bill.
        await using var harness = await StartAsync(emulator: o => o.Latency = TimeSpan.FromMilliseconds(20));
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("at-once", 20).ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summaries = await Task.WhenAll(harness.RunAsync(blob), harness.RunAsync(blob));

        Assert.Equal(Json(summaries[0]), Json(summaries[1]));
        var ledger = await harness.ReadLedgerAsync(jobId);
        Assert.Equal(harness.Emulator.RequestLog.BillableCount, ledger.Count);
        Assert.Equal(20, harness.Emulator.RequestLog.BillableCount);
    }

    private static string Json(JobSummary summary) => JsonSerializer.Serialize(summary, JobSummaryJsonContext.Default.JobSummary);
}
