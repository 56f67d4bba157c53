using System.Globalization;
using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using Azure.Messaging.ServiceBus;
using BatchInference.Testing;
using BatchInference.Testing.ServiceBus;

namespace BatchInference.Functions.Tests.Functions;

/// <summary>The engine's work queue on Service Bus: host payloads shaped like the documented serviceBusTrigger ones.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EngineWorkServiceBusFunctionTests(AzuriteFixture azurite)
{
    private readonly RecordingServiceBusClient _serviceBus = new();

    private IReadOnlyList<ServiceBusMessage> SentTo(string queue) => _serviceBus.Sender(queue).Messages;

    [Fact]
    public async Task Invoke_StartJobMessage_SplitsJobAndSendsRunShardToTheServiceBusQueue()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite, _serviceBus);
        var queue = harness.Host.Pipeline.WorkQueueName;
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob, lines: 4);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = Assert.Single(SentTo(queue));

        var (status, _) = await harness.InvokeAsync("EngineWorkServiceBus", Payload(start, deliveryCount: 1));

        Assert.Equal(HttpStatusCode.OK, status);
        var job = await harness.Host.Pipeline.Engine.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Running, job!.Status);
        Assert.Equal(4, job.Lines);
        var sent = SentTo(queue);
        Assert.Contains(sent.Skip(1), m => m.Body.ToString().Contains("run_shard", StringComparison.Ordinal));
        Assert.Null(harness.Host.Pipeline.StorageQueue); // nothing of the engine's work goes through a Storage Queue
    }

    [Fact]
    public async Task Invoke_JobLockHeldElsewhere_SchedulesACopyAndAnswers200SoTheHostCompletes()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite, _serviceBus);
        var queue = harness.Host.Pipeline.WorkQueueName;
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = Assert.Single(SentTo(queue));
        await harness.Blobs.UploadAsync(StorageLayout.WorkContainer, StorageLayout.JobLock(jobId), BinaryData.Empty);
        Assert.NotNull(await harness.Blobs.TryAcquireLeaseAsync(StorageLayout.WorkContainer, StorageLayout.JobLock(jobId), TimeSpan.FromSeconds(60)));
        var before = TimeProvider.System.GetUtcNow();

        var (status, body) = await harness.InvokeAsync("EngineWorkServiceBus", Payload(start, deliveryCount: 1));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("runs again in", Responses.Logs(body), StringComparison.Ordinal);
        var sent = SentTo(queue);
        Assert.Equal(2, sent.Count);
        var copy = sent[1];
        Assert.Equal(start.Body.ToString(), copy.Body.ToString());
        Assert.NotEqual(start.MessageId, copy.MessageId); // a fresh message: duplicate detection must not drop it
        var busyRetry = new EngineOptions().LeaseBusyRetry;
        Assert.NotEqual(default, copy.ScheduledEnqueueTime);
        Assert.InRange(copy.ScheduledEnqueueTime, before + busyRetry - TimeSpan.FromSeconds(1), TimeProvider.System.GetUtcNow() + busyRetry + TimeSpan.FromSeconds(1));
        Assert.Equal(JobStatus.Pending, (await harness.Host.Pipeline.Engine.GetJobAsync(jobId))!.Status);
    }

    [Fact]
    public async Task Invoke_BodyNotAnEngineMessage_Returns500SoTheHostAbandons()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite, _serviceBus);
        var payload = FunctionsHarness.Payload("servicebus-work-message.json", new Dictionary<string, string>
        {
            ["body"] = """{"hello":"world"}""", ["messageId"] = Guid.NewGuid().ToString(), ["deliveryCount"] = "2",
        });

        var (status, body) = await harness.InvokeAsync("EngineWorkServiceBus", payload);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("not an engine message", Responses.Logs(body), StringComparison.Ordinal);
        Assert.Empty(SentTo(harness.Host.Pipeline.WorkQueueName));
    }

    [Theory]
    [InlineData("servicebus-work-message-no-id.json", "\"MessageId\"")]
    [InlineData("servicebus-work-message-no-delivery-count.json", "\"DeliveryCount\"")]
    public async Task Invoke_MetadataMissingAField_Returns400NamingIt(string file, string field)
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite, _serviceBus);

        var (status, body) = await harness.InvokeAsync("EngineWorkServiceBus", FunctionsHarness.Payload(file));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, body["ReturnValue"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The payload the host's serviceBusTrigger would post for a message the engine sent.</summary>
    internal static string Payload(ServiceBusMessage message, int deliveryCount) =>
        FunctionsHarness.Payload("servicebus-work-message.json", new Dictionary<string, string>
        {
            ["body"] = message.Body.ToString(),
            ["messageId"] = message.MessageId,
            ["deliveryCount"] = deliveryCount.ToString(CultureInfo.InvariantCulture),
        });
}
