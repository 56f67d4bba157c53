using Azure.Storage.Queues;
using BatchInference.Storage.Clients;
using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>The wire format: Base64 as the SDKs and the Functions trigger write it, and plain JSON put by other tools.</summary>
public sealed partial class StorageQueueClientTests
{
    [Fact]
    public async Task ReceiveAsync_PlainJsonPutByAnotherClient_IsReceivedAsItsText()
    {
        var queue = await NewQueueAsync();
        var raw = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions(StorageClientOptions.QueueServiceVersion))
            .GetQueueClient(queue.QueueName);
        const string Json = "{\"type\":\"StartJob\",\"jobId\":\"j-1\"}";

        await raw.SendMessageAsync(Json);
        var received = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Equal(Json, received.Body.ToString());
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(received));
    }

    [Fact]
    public async Task SendAsync_Body_IsBase64OnTheWireAsTheSdksBase64EncodingReadsIt()
    {
        var queue = await NewQueueAsync();
        var sdkBase64 = new QueueServiceClient(
                azurite.ConnectionString,
                new QueueClientOptions(StorageClientOptions.QueueServiceVersion) { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(queue.QueueName);
        var body = new byte[] { 0, 1, 2, 250, 251, (byte)'{' };

        await queue.SendAsync(new BinaryData(body));
        var read = Assert.Single((await sdkBase64.ReceiveMessagesAsync(1)).Value);
        await sdkBase64.SendMessageAsync(new BinaryData(body));
        await sdkBase64.DeleteMessageAsync(read.MessageId, read.PopReceipt);
        var received = Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Equal(body, read.Body.ToArray());
        Assert.Equal(body, received.Body.ToArray());
    }
}
