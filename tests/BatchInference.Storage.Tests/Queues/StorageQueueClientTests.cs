using BatchInference.Storage.Clients;
using BatchInference.Storage.Queues;
using BatchInference.Testing;

namespace BatchInference.Storage.Tests.Queues;

/// <summary>The Queue REST client against a real Azurite: queues, round trips, delays, counts and errors.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed partial class StorageQueueClientTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task CreateIfNotExistsAsync_Twice_CreatesOnceThenReportsExisting()
    {
        var queue = NewClient();

        Assert.True(await queue.CreateIfNotExistsAsync());
        Assert.False(await queue.CreateIfNotExistsAsync());
        Assert.True(await queue.DeleteIfExistsAsync());
        Assert.False(await queue.DeleteIfExistsAsync());
    }

    [Fact]
    public async Task SendAsync_BinaryBody_IsReceivedByteForByteAndCompletes()
    {
        var queue = await NewQueueAsync();
        var body = new byte[1000];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(i * 7);
        }

        var receipt = await queue.SendAsync(new BinaryData(body));
        var received = Assert.Single(await queue.ReceiveAsync(10, TimeSpan.FromSeconds(30)));

        Assert.Equal(receipt.MessageId, received.Id);
        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal(1, received.DequeueCount);
        Assert.Equal(receipt.EnqueuedAt, received.EnqueuedAt);
        Assert.Equal(receipt.EnqueuedAt, receipt.NextVisibleAt);
        Assert.True(received.NextVisibleAt >= received.EnqueuedAt.AddSeconds(29), $"locked until {received.NextVisibleAt}");
        Assert.Equal(SettleOutcome.Applied, await queue.CompleteAsync(received));
        Assert.Equal(0, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task SendAsync_Delay2s_IsHiddenUntilTheDelayPasses()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendAsync(BinaryData.FromString("timer"), TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), receipt.NextVisibleAt - receipt.EnqueuedAt);
        Assert.Empty(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30)));
        var received = await ReceiveOneAsync(queue, "the delayed message");
        Assert.Equal(receipt.MessageId, received.Id);
        Assert.Equal("timer", received.Body.ToString());
        Assert.Equal(1, received.DequeueCount);
    }

    [Fact]
    public async Task SendAsync_FractionalDelay_RoundsUpToWholeSeconds()
    {
        var queue = await NewQueueAsync();

        var receipt = await queue.SendAsync(BinaryData.FromString("x"), TimeSpan.FromMilliseconds(1200));

        Assert.Equal(TimeSpan.FromSeconds(2), receipt.NextVisibleAt - receipt.EnqueuedAt);
    }

    [Fact]
    public async Task GetApproximateCountAsync_CountsLockedMessagesUntilCompleted()
    {
        var (queue, received) = await ReceiveFreshAsync("m0");
        await queue.SendAsync(BinaryData.FromString("m1"));
        await queue.SendAsync(BinaryData.FromString("m2"));

        Assert.Equal(3, await queue.GetApproximateCountAsync());
        await queue.CompleteAsync(received);
        Assert.Equal(2, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task SendAsync_QueueMissing_ThrowsWithStatusCodeAndQueueName()
    {
        var queue = NewClient();

        var send = await Assert.ThrowsAsync<QueueStorageException>(() => queue.SendAsync(BinaryData.FromString("x")));
        var receive = await Assert.ThrowsAsync<QueueStorageException>(() => queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)));
        var count = await Assert.ThrowsAsync<QueueStorageException>(() => queue.GetApproximateCountAsync());

        Assert.Equal(404, send.Status);
        Assert.Equal("QueueNotFound", send.ErrorCode);
        Assert.Contains(queue.QueueName, send.Message, StringComparison.Ordinal);
        Assert.Contains("QueueNotFound", send.Message, StringComparison.Ordinal);
        Assert.Equal("QueueNotFound", receive.ErrorCode);
        Assert.Equal("QueueNotFound", count.ErrorCode);
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_WrongAccountKey_IsRejectedWith403()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var account = StorageAccount.FromConnectionString(
            $"AccountName={StorageAccount.DevelopmentAccountName};AccountKey={wrongKey};" +
            $"BlobEndpoint={azurite.Instance.BlobEndpoint};QueueEndpoint={azurite.Instance.QueueEndpoint}");
        var queue = new StorageQueueClient(
            account.CreateQueueServiceClient(StorageClientOptions.ForQueues(r => r.MaxRetries = 0)).GetQueueClient(azurite.NewContainerName("q")));

        var error = await Assert.ThrowsAsync<QueueStorageException>(() => queue.CreateIfNotExistsAsync());

        Assert.Equal(403, error.Status);
        // Azure answers AuthenticationFailed; Azurite 3.37 answers AuthorizationFailure for a bad signature.
        Assert.Contains(error.ErrorCode, new[] { "AuthenticationFailed", "AuthorizationFailure" });
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromConnectionString_AzuriteDevelopmentKey_SignsRequestsTheQueueServiceAccepts()
    {
        var queue = StorageQueueClient.FromConnectionString(azurite.ConnectionString, azurite.NewContainerName("q"));

        Assert.True(await queue.CreateIfNotExistsAsync());
        await queue.SendAsync(BinaryData.FromString("signed"));
        Assert.Equal(1, await queue.GetApproximateCountAsync());
    }

    [Fact]
    public void CreateQueueServiceClient_ConnectionWithoutQueueEndpoint_Throws()
    {
        var account = StorageAccount.FromConnectionString(
            $"BlobEndpoint={azurite.Instance.BlobEndpoint};SharedAccessSignature=sv=2025-01-05&ss=b&srt=sco&sp=r&se=2030-01-01T00:00:00Z&sig=AAAA");

        var error = Assert.Throws<InvalidOperationException>(() => account.CreateQueueServiceClient());

        Assert.Contains("no queue endpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Jobs")]
    [InlineData("-jobs")]
    [InlineData("jobs-")]
    [InlineData("work--queue")]
    [InlineData("work_queue")]
    public void Constructor_InvalidQueueName_Throws(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => azurite.CreateQueueClient(name));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A client for a queue no other test uses (not created). Few, short retries keep a failing test fast.</summary>
    private StorageQueueClient NewClient(StorageQueueOptions? options = null) => azurite.CreateQueueClient(azurite.NewContainerName("q"), options);

    private async Task<StorageQueueClient> NewQueueAsync(StorageQueueOptions? options = null)
    {
        var queue = NewClient(options);
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    /// <summary>A fresh queue holding one message with <paramref name="text"/>, received under a 30 s lock.</summary>
    private async Task<(StorageQueueClient Queue, WorkQueueMessage Received)> ReceiveFreshAsync(string text)
    {
        var queue = await NewQueueAsync();
        await queue.SendAsync(BinaryData.FromString(text));
        return (queue, Assert.Single(await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))));
    }

    /// <summary>Polls until one message is visible (it becomes so on Azurite's clock, which the test cannot move).</summary>
    private static async Task<WorkQueueMessage> ReceiveOneAsync(StorageQueueClient queue, string what)
    {
        WorkQueueMessage? received = null;
        await Poll.UntilAsync(
            async () => (received = (await queue.ReceiveAsync(1, TimeSpan.FromSeconds(30))).SingleOrDefault()) is not null,
            what,
            TimeSpan.FromSeconds(10),
            PollInterval);
        return received!;
    }
}
