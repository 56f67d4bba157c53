using System.Globalization;
using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Queues;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

[Collection(AzuriteFixture.CollectionName)]
public sealed class EngineWorkFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Invoke_StartJobMessage_SplitsJobIntoShards()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob, lines: 4);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = await ReceiveOneAsync(harness.Queue);

        var (status, _) = await harness.InvokeAsync("EngineWork", Payload(start));

        Assert.Equal(HttpStatusCode.OK, status);
        var job = await harness.Host.Pipeline.Engine.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Running, job!.Status);
        Assert.Equal(4, job.Lines);
        Assert.True(job.ShardCount >= 1);
        Assert.NotNull(await harness.Blobs.GetPropertiesAsync(StorageLayout.WorkContainer, StorageLayout.ShardInput(jobId, 0)));
        var runShard = await ReceiveOneAsync(harness.Queue);
        Assert.Contains("run_shard", runShard.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_JobLockHeldElsewhere_SendsDelayedCopyAndAnswers200()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = await ReceiveOneAsync(harness.Queue);
        await harness.Blobs.UploadAsync(StorageLayout.WorkContainer, StorageLayout.JobLock(jobId), BinaryData.Empty);
        Assert.NotNull(await harness.Blobs.TryAcquireLeaseAsync(StorageLayout.WorkContainer, StorageLayout.JobLock(jobId), TimeSpan.FromSeconds(60)));

        var (status, body) = await harness.InvokeAsync("EngineWork", Payload(start));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("runs again in", Responses.Logs(body), StringComparison.Ordinal);
        Assert.Equal(2, await harness.Queue.GetApproximateCountAsync()); // the original (still locked) and its delayed copy
        Assert.Empty(await harness.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))); // the copy waits for LeaseBusyRetry
        Assert.Equal(JobStatus.Pending, (await harness.Host.Pipeline.Engine.GetJobAsync(jobId))!.Status);
    }

    [Fact]
    public async Task Invoke_BodyNotAnEngineMessage_Returns500SoTheHostRetries()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);
        var payload = FunctionsHarness.Payload("queue-message.json", new Dictionary<string, string>
        {
            ["body"] = """{"hello":"world"}""", ["dequeueCount"] = "1", ["id"] = Guid.NewGuid().ToString(), ["popReceipt"] = "AgAAAAMAAAAAAAAA",
        });

        var (status, body) = await harness.InvokeAsync("EngineWork", payload);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("not an engine message", Responses.Logs(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_MetadataWithoutMessageId_Returns400WithReason()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite);

        var (status, body) = await harness.InvokeAsync("EngineWork", FunctionsHarness.Payload("queue-message-no-id.json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"Id\"", body["ReturnValue"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    internal static async Task<WorkQueueMessage> ReceiveOneAsync(StorageQueueClient queue)
    {
        var received = await queue.ReceiveAsync(1, TimeSpan.FromMinutes(5));
        return Assert.Single(received);
    }

    /// <summary>The payload the host's queue trigger would post for a message it received.</summary>
    internal static string Payload(WorkQueueMessage message) =>
        FunctionsHarness.Payload("queue-message.json", new Dictionary<string, string>
        {
            ["body"] = message.Body.ToString(),
            ["dequeueCount"] = message.DequeueCount.ToString(CultureInfo.InvariantCulture),
            ["id"] = message.Id,
            ["popReceipt"] = message.LockToken,
        });
}
