using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>Messages that can never succeed and inputs that cannot be read end in clear terminal states, not hangs.</summary>
public sealed partial class JobEngineTests
{
    [Fact]
    public async Task Worker_UnreadableMessage_IsMovedToThePoisonQueue()
    {
        await using var harness = await EngineHarness.StartAsync(azurite, worker: o => o.MaxDeliveryCount = 2);

        await harness.Queue.SendAsync(BinaryData.FromString("""{"type":"launch_rockets"}"""));

        await Poll.UntilAsync(async () => await harness.PoisonQueue.GetApproximateCountAsync() == 1, "the message to be moved aside", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        var moved = Assert.Single(await harness.PoisonQueue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal("""{"type":"launch_rockets"}""", moved.Body.ToString());
    }

    [Fact]
    public async Task StartJob_InputBlobMissing_FailsTheJobNamingTheBlob()
    {
        await using var harness = await StartAsync();
        const string JobId = "job_missinginput0001";

        await harness.Queue.SendAsync(EngineMessageJson.ToBody(new StartJob(JobId, StorageLayout.JobsContainer, "incoming/gone.jsonl", "0x8DCAFE")));
        var summary = await harness.WaitForSummaryAsync(JobId);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains("jobs/incoming/gone.jsonl does not exist", summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Failed, (await harness.Engine.GetJobAsync(JobId))!.Status);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
    }

    [Fact]
    public async Task RunShard_DamagedShardThatFailsEveryTime_FailsTheJobAndKeepsTheOtherShardsResults()
    {
        await using var harness = await EngineHarness.StartAsync(
            azurite,
            engine: o =>
            {
                o.ShardMaxLines = 10;
                o.KeepWorkFiles = true;
            },
            worker: o => o.MaxDeliveryCount = 2,
            workers: 0);
        var input = new JobInputBuilder().Mixed("poison", 30);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);

        // Split by hand (as a worker would), then damage shard 1 before any worker runs it.
        var start = Assert.Single(await harness.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(60)));
        Assert.Equal(WorkOutcome.Done, await harness.Engine.Handler.HandleAsync(start, CancellationToken.None));
        await harness.Queue.CompleteAsync(start);
        await harness.Blobs.UploadAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardInput(jobId, 1), BinaryData.FromString("this is not a shard\n"), new BlobUploadOptions());
        harness.StartWorker();

        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains("shard 1 failed repeatedly", summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(20, summary.Counts.Succeeded);
        Assert.Equal(10, summary.Counts.Invalid);
        var errors = await harness.ReadErrorsAsync(jobId);
        Assert.Equal(input.Successes.Skip(10).Take(10).Select(s => s.CustomId), errors.Select(e => e.CustomId));
        Assert.All(errors, e => Assert.Equal("job_failed", e.Error!.Code));
        Assert.Equal(1, await harness.PoisonQueue.GetApproximateCountAsync());
        Assert.Equal(20, harness.Emulator.RequestLog.BillableCount);
    }
}
