using Azure.Messaging.ServiceBus;
using BatchInference.FunctionApp.ServiceBus;
using BatchInference.FunctionApp.Tests.Infrastructure;
using BatchInference.Orchestrations.Intake;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;
using BatchInference.Testing.ServiceBus;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInference.FunctionApp.Tests.ServiceBus;

/// <summary>
/// The Service Bus intake's message handler with messages built by the SDK's model factory and settled through the
/// SDK's own <see cref="ProcessMessageEventArgs"/> on a recording receiver (no Service Bus or emulator runs here); the
/// storage and the engine are real (Azurite).
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class JobMessageHandlerTests(AzuriteFixture azurite)
{
    private const string Queue = "batch-jobs";

    [Fact]
    public async Task Handle_ValidMessageDeliveredTwice_StartsOneJobAndCompletesBoth()
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var blob = $"servicebus/{Guid.NewGuid():N}.jsonl";
        await app.UploadJobAsync(blob);
        var messageId = "team-b-" + Guid.NewGuid().ToString("N");
        var body = """{"schema_version":1,"message_id":"MESSAGE","input":{"container":"jobs","blob":"BLOB"},"settings":{"tags":{"team":"b"}}}"""
            .Replace("MESSAGE", messageId, StringComparison.Ordinal).Replace("BLOB", blob, StringComparison.Ordinal);
        var receiver = new ScriptedReceiver(Queue);
        var handler = app.Create<JobMessageHandler>();

        await handler.HandleAsync(Args(body, receiver, deliveryCount: 1));
        await handler.HandleAsync(Args(body, receiver, deliveryCount: 2));

        Assert.Equal(["Complete", "Complete"], receiver.Settled.Select(s => s.Operation));
        var job = await app.Engines.ForBackgroundWork().GetJobAsync(JobId.ForMessage(messageId));
        Assert.Equal(JobStatus.Pending, job!.Status);
        Assert.Contains("\"team\":\"b\"", job.SettingsJson, StringComparison.Ordinal);
        Assert.Equal(1, await app.OrchestrationCountAsync());
    }

    [Theory]
    [InlineData("{not json", JobMessageIntake.InvalidReason, "Not a valid job message")]
    [InlineData("""{"schema_version":2,"message_id":"m-1","input":{"container":"jobs","blob":"x.jsonl"}}""", JobMessageIntake.InvalidReason, "schema_version")]
    [InlineData("""{"schema_version":1,"message_id":"m-2","input":{"container":"jobs","blob":"servicebus/none.jsonl"}}""", JobMessageIntake.InputNotFoundReason, "does not exist")]
    public async Task Handle_MessageThatCannotStartAJob_DeadLetteredAtOnceWithTheReason(string body, string reason, string expected)
    {
        await using var app = await AppHarness.StartAsync(azurite);
        var receiver = new ScriptedReceiver(Queue);

        await app.Create<JobMessageHandler>().HandleAsync(Args(body, receiver, deliveryCount: 1));

        var settlement = Assert.Single(receiver.Settled);
        Assert.Equal("DeadLetter", settlement.Operation);
        Assert.Equal(reason, settlement.Reason);
        Assert.Contains(expected, settlement.Description, StringComparison.Ordinal);
        Assert.Equal(0, await app.OrchestrationCountAsync());
    }

    [Fact]
    public async Task Handle_StorageUnreachable_AbandonedForAnotherDelivery()
    {
        var port = ClosedPort.Next();
        var unreachable = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1";
        await using var services = AppHarness.Services(new Dictionary<string, string?>
        {
            ["Storage"] = unreachable,
            ["AzureWebJobsStorage"] = unreachable,
            ["TaskHubName"] = "unreachable",
            ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Providers:OpenAI:ApiKey"] = "test",
        });
        var receiver = new ScriptedReceiver(Queue);
        var body = """{"schema_version":1,"message_id":"m-3","input":{"container":"jobs","blob":"servicebus/x.jsonl"}}""";

        await ActivatorUtilities.CreateInstance<JobMessageHandler>(services).HandleAsync(Args(body, receiver, deliveryCount: 3));

        Assert.Equal("Abandon", Assert.Single(receiver.Settled).Operation);
    }

    private static ProcessMessageEventArgs Args(string body, ServiceBusReceiver receiver, int deliveryCount) =>
        new(
            ServiceBusModelFactory.ServiceBusReceivedMessage(
                body: BinaryData.FromString(body), messageId: Guid.NewGuid().ToString("N"), deliveryCount: deliveryCount, lockTokenGuid: Guid.NewGuid()),
            receiver,
            CancellationToken.None);
}
