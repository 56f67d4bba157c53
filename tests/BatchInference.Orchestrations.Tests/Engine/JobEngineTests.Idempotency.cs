using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Storage.Queues;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    [Theory]
    [InlineData(EngineMode.Queue)]
    [InlineData(EngineMode.Durable)]
    public async Task RunAsync_SameBlobTwice_ReturnsTheSameSummaryWithoutNewRequestsOrWrites(EngineMode mode)
    {
        await using var harness = await StartAsync(mode: mode);
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

    [Theory]
    [InlineData(EngineMode.Queue)]
    [InlineData(EngineMode.Durable)]
    public async Task RunAsync_SameNameUploadedAgain_IsANewJob(EngineMode mode)
    {
        await using var harness = await StartAsync(mode: mode);
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

    [Theory]
    [InlineData(EngineMode.Queue)]
    [InlineData(EngineMode.Durable)]
    public async Task RunAsync_SameBlobTwiceAtOnce_PaysForEachLineOnce(EngineMode mode)
    {
        // A redelivered blob event can start a second run while the first is still going; the job id is the same, so
        // the work must not be: the provider must bill each line once, and the ledger must account for every bill.
        await using var harness = await StartAsync(mode: mode, emulator: o => o.Latency = TimeSpan.FromMilliseconds(20));
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("at-once", 20).ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summaries = await Task.WhenAll(harness.RunAsync(blob), harness.RunAsync(blob));

        Assert.Equal(Json(summaries[0]), Json(summaries[1]));
        var ledger = await harness.ReadLedgerAsync(jobId);
        Assert.Equal(harness.Emulator.RequestLog.BillableCount, ledger.Count);
        Assert.Equal(20, harness.Emulator.RequestLog.BillableCount);
    }

    [Fact]
    public async Task SubmitAsync_SendFailedAfterTheJobWasCreated_RetriedSubmitStartsTheJob()
    {
        // The job blob is created before StartJob is sent; a send that fails (or a process that dies) in between
        // leaves a pending job that no message will ever start, unless the retried submit sends it again.
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("send-lost", 3).ToArray());
        var failingEngine = new JobEngine(harness.Blobs, new SendFailingQueue(), harness.Client, PriceCatalog.BuiltIn(), TimeProvider.System);
        await Assert.ThrowsAsync<IOException>(() => failingEngine.SubmitAsync(StorageLayout.JobsContainer, blob));
        Assert.Equal(JobStatus.Pending, (await harness.Engine.GetJobAsync(await harness.ExpectedJobIdAsync(blob)))!.Status);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(3, summary.Counts.Succeeded);
    }

    [Fact]
    public async Task SubmitMessageAsync_SendFailedAfterTheJobWasCreated_RedeliveredMessageStartsTheJob()
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("message-send-lost", 2).ToArray());
        var messageId = $"msg-{Guid.NewGuid():N}"; // job ids derive from it, and tests share one Azurite: another test's job must not be found
        var failingEngine = new JobEngine(harness.Blobs, new SendFailingQueue(), harness.Client, PriceCatalog.BuiltIn(), TimeProvider.System);
        await Assert.ThrowsAsync<IOException>(() => failingEngine.SubmitMessageAsync(messageId, StorageLayout.JobsContainer, blob, settingsJson: null));

        var jobId = await harness.Engine.SubmitMessageAsync(messageId, StorageLayout.JobsContainer, blob, settingsJson: null);
        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(2, summary.Counts.Succeeded);
    }

    // A queue whose sends all fail, as a queue endpoint that is down would.
    private sealed class SendFailingQueue : IWorkQueue
    {
        public Task<QueueReceipt> SendAsync(BinaryData body, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
            throw new IOException("The queue is unreachable.");

        public Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<SettleOutcome> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<SettleOutcome> AbandonAsync(WorkQueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<WorkQueueMessage?> RenewLockAsync(WorkQueueMessage message, TimeSpan lockDuration, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<long> GetApproximateCountAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private static string Json(JobSummary summary) => JsonSerializer.Serialize(summary, JobSummaryJsonContext.Default.JobSummary);
}
