using BatchInference.Functions.Local;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;
using BatchInference.Workers;

namespace BatchInference.Functions.Tests.Local;

[Collection(AzuriteFixture.CollectionName)]
public sealed class LocalTriggerDispatcherTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_BlobDroppedWithTwoDispatchers_StartsOneJob()
    {
        await using var harness = await DispatcherHarness.StartAsync(azurite);
        var first = harness.StartDispatcher(o => o.Triggers = LocalTriggers.BlobDrops);
        var second = harness.StartDispatcher(o => o.Triggers = LocalTriggers.BlobDrops);

        var blob = await harness.DropJobAsync();

        var subject = $"{StorageLayout.JobsContainer}/{blob}";
        await Poll.UntilAsync(
            () => first.Any(r => r.Subject == subject && r.Outcome == DispatchOutcome.Succeeded)
                && second.Any(r => r.Subject == subject && r.Outcome == DispatchOutcome.Succeeded),
            "both dispatchers to post the drop", TimeSpan.FromSeconds(20));
        await harness.StopDispatchersAsync();
        Assert.Equal(1, first.Count(r => r.Subject == subject));
        var job = await harness.Host.Pipeline.Engine.GetJobAsync(await harness.JobIdOfAsync(blob));
        Assert.Equal(blob, job!.Source.Blob);
        Assert.Equal(1, await harness.Queue.GetApproximateCountAsync()); // one StartJob, not two
    }

    [Fact]
    public async Task Run_DroppedJob_CompletesEndToEndThroughTheDispatcher()
    {
        await using var harness = await DispatcherHarness.StartAsync(azurite, withProvider: true);
        var records = harness.StartDispatcher(o => o.Triggers = LocalTriggers.BlobDrops | LocalTriggers.WorkQueue);

        var blob = await harness.DropJobAsync(lines: 4);

        var jobId = await harness.JobIdOfAsync(blob);
        JobSummary? summary = null;
        await Poll.UntilAsync(
            async () => (summary = await harness.Host.Pipeline.Engine.GetSummaryAsync(jobId)) is not null,
            "the job's summary", TimeSpan.FromSeconds(45), TimeSpan.FromMilliseconds(100));
        Assert.Equal(JobSummaryStatus.Completed, summary!.Status);
        Assert.Equal(4, summary.Counts.Succeeded);
        Assert.Contains(records, r => r.Function == "EngineWork" && r.Outcome == DispatchOutcome.Succeeded);
        var output = await harness.Host.Pipeline.Blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, $"{jobId}/output.jsonl");
        Assert.Equal(4, output!.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Run_MessageFailingFiveTimes_MovesItToPoisonAndFailsTheJob()
    {
        await using var harness = await DispatcherHarness.StartAsync(azurite);
        var engine = harness.Host.Pipeline.Engine;
        var blob = await harness.DropJobAsync();
        var jobId = await engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        // Split by hand, then damage the shard's input so every RunShard delivery fails.
        var start = Assert.Single(await harness.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal(WorkOutcome.Done, await engine.Handler.HandleAsync(start, CancellationToken.None));
        await harness.Queue.CompleteAsync(start);
        await harness.Host.Pipeline.Blobs.UploadAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardInput(jobId, 0), BinaryData.FromString("this is not a shard\n"), new BlobUploadOptions());

        var records = harness.StartDispatcher(o =>
        {
            o.Triggers = LocalTriggers.WorkQueue;
            o.RetryDelay = TimeSpan.Zero;
            o.VisibilityTimeout = TimeSpan.FromSeconds(10);
        });

        await Poll.UntilAsync(
            async () => (await engine.GetJobAsync(jobId))?.Status == JobStatus.Failed,
            "the job to fail", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        var moved = Assert.Single(records, r => r.Outcome == DispatchOutcome.MovedToPoison);
        Assert.Equal(5, records.Count(r => r.Subject == moved.Subject && r.Function == "EngineWork" && r.Outcome == DispatchOutcome.Failed));
        await Poll.UntilAsync(() => records.Any(r => r.Function == "EnginePoison" && r.Outcome == DispatchOutcome.Succeeded), "EnginePoison to succeed");
        Assert.Contains("shard 0 failed repeatedly", (await engine.GetJobAsync(jobId))!.FailureReason, StringComparison.Ordinal);
    }
}
