using System.Net;
using BatchInference.Functions.Tests.Infrastructure;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;
using BatchInference.Testing.ServiceBus;

namespace BatchInference.Functions.Tests.Functions;

[Collection(AzuriteFixture.CollectionName)]
public sealed class EnginePoisonServiceBusFunctionTests(AzuriteFixture azurite)
{
    private readonly RecordingServiceBusClient _serviceBus = new();

    [Fact]
    public async Task Invoke_DeadLetteredStartJob_RecordsTheJobAsFailingWithTheBrokersReason()
    {
        await using var harness = await FunctionsHarness.StartAsync(azurite, _serviceBus);
        var queue = harness.Host.Pipeline.WorkQueueName;
        var blob = $"incoming/{Guid.NewGuid():N}.jsonl";
        await harness.UploadJobAsync(blob);
        var jobId = await harness.Host.Pipeline.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var start = Assert.Single(_serviceBus.Sender(queue).Messages);
        var payload = FunctionsHarness.Payload("servicebus-deadletter-message.json", new Dictionary<string, string>
        {
            ["body"] = start.Body.ToString(), ["messageId"] = start.MessageId, ["queue"] = queue,
        });

        var (status, _) = await harness.InvokeAsync("EnginePoisonServiceBus", payload);
        var (again, _) = await harness.InvokeAsync("EnginePoisonServiceBus", payload); // a redelivery changes nothing

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, again);
        var job = await harness.Host.Pipeline.Engine.GetJobAsync(jobId);
        Assert.Contains("failed repeatedly", job!.FailureReason, StringComparison.Ordinal);
        Assert.Contains($"dead-lettered by Service Bus from {queue} after 6 deliveries: MaxDeliveryCountExceeded", job.FailureReason, StringComparison.Ordinal);
        Assert.Contains("could not be consumed after 5 delivery attempts", job.FailureReason, StringComparison.Ordinal);
        // The failed job is finished through the Service Bus work queue like any other.
        Assert.Contains(_serviceBus.Sender(queue).Messages, m => m.Body.ToString().Contains("finish_job", StringComparison.Ordinal));
    }
}
