using System.Globalization;
using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.Functions.Tests.Functions;

/// <summary>The engine's work queue on Service Bus: host payloads shaped like the documented serviceBusTrigger ones.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class EngineWorkServiceBusFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private ServiceBusFrontEnd _serviceBus = null!;

    public async Task InitializeAsync() => _serviceBus = await ServiceBusFrontEnd.StartAsync();

    public async Task DisposeAsync() => await _serviceBus.DisposeAsync();

    [Fact]
    public async Task Invoke_StartJobMessage_SplitsJobAndSendsRunShardToTheServiceBusQueue()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite, _serviceBus);
        var queue = harness.Host.Pipeline.WorkQueueName;
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob, lines: 4);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = Assert.Single(_serviceBus.SentTo(queue));

        var (status, _) = await harness.InvokeAsync("EngineWorkServiceBus", Payload(start, deliveryCount: 1));

        Assert.Equal(HttpStatusCode.OK, status);
        var job = await harness.Host.Pipeline.Engine.GetJobAsync(jobId);
        Assert.Equal(JobStatus.Running, job!.Status);
        Assert.Equal(4, job.Lines);
        var sent = _serviceBus.SentTo(queue);
        Assert.Contains(sent.Skip(1), m => m.Body.ToString().Contains("run_shard", StringComparison.Ordinal));
        Assert.Null(harness.Host.Pipeline.StorageQueue); // nothing of the engine's work goes through a Storage Queue
        // Every send is SAS-signed for the work queue on the front end's plain-HTTP (emulator-form) endpoint.
        var audience = Uri.EscapeDataString($"http://127.0.0.1:{_serviceBus.Address.Port}/{queue}");
        Assert.All(sent, m => Assert.StartsWith($"SharedAccessSignature sr={audience}&sig=", m.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_JobLockHeldElsewhere_SchedulesACopyAndAnswers200SoTheHostCompletes()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite, _serviceBus);
        var queue = harness.Host.Pipeline.WorkQueueName;
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = Assert.Single(_serviceBus.SentTo(queue));
        await harness.Blobs.UploadAsync(StorageLayout.WorkContainer, StorageLayout.JobLock(jobId), BinaryData.Empty);
        Assert.NotNull(await harness.Blobs.TryAcquireLeaseAsync(StorageLayout.WorkContainer, StorageLayout.JobLock(jobId), TimeSpan.FromSeconds(60)));
        var before = TimeProvider.System.GetUtcNow();

        var (status, body) = await harness.InvokeAsync("EngineWorkServiceBus", Payload(start, deliveryCount: 1));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("runs again in", Responses.Logs(body), StringComparison.Ordinal);
        var sent = _serviceBus.SentTo(queue);
        Assert.Equal(2, sent.Count);
        var copy = sent[1];
        Assert.Equal(start.Body.ToString(), copy.Body.ToString());
        Assert.NotEqual(start.MessageId, copy.MessageId); // a fresh message: duplicate detection must not drop it
        var busyRetry = new EngineOptions().LeaseBusyRetry;
        Assert.NotNull(copy.ScheduledEnqueueTimeUtc);
        Assert.InRange(copy.ScheduledEnqueueTimeUtc!.Value, before + busyRetry - TimeSpan.FromSeconds(1), TimeProvider.System.GetUtcNow() + busyRetry + TimeSpan.FromSeconds(1));
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
        Assert.Empty(_serviceBus.SentTo(harness.Host.Pipeline.WorkQueueName));
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
    internal static string Payload(SentMessage message, int deliveryCount) =>
        FunctionsHarness.Payload("servicebus-work-message.json", new Dictionary<string, string>
        {
            ["body"] = message.Body.ToString(),
            ["messageId"] = message.MessageId,
            ["deliveryCount"] = deliveryCount.ToString(CultureInfo.InvariantCulture),
        });
}
