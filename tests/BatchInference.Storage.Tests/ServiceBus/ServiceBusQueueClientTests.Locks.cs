using System.Text;
using System.Text.Json;
using BatchInference.Storage.Queues;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed partial class ServiceBusQueueClientTests
{
    private const string LockToken = "7da9cfd5-40d5-4bb1-8d64-ec5a52e1c547";

    private static (string Name, string Value) Broker(long sequence, string messageId = "msg-1", int deliveryCount = 1) =>
        ("BrokerProperties",
            $$"""{"DeliveryCount":{{deliveryCount}},"EnqueuedSequenceNumber":0,"EnqueuedTimeUtc":"Sun, 01 Mar 2026 11:59:00 GMT","Label":"M1","LockToken":"{{LockToken}}","LockedUntilUtc":"Sun, 01 Mar 2026 12:01:00 GMT","MessageId":"{{messageId}}","SequenceNumber":{{sequence}},"State":"Active","TimeToLive":922337203685.47754}""");

    private static WorkQueueMessage Received(int dequeueCount = 1) =>
        new("msg-1", BinaryData.FromString("payload"), dequeueCount, Now, Now.AddMinutes(1), $"11/{LockToken}");

    [Fact]
    public async Task ReceiveAsync_OneMessageThenEmpty_PeekLocksUntil204AndParsesBrokerProperties()
    {
        _transport
            .Respond(201, Encoding.UTF8.GetBytes("payload"), Broker(11), ("Location", $"https://contoso.servicebus.windows.net/batch-jobs/messages/11/{LockToken}"))
            .Respond(204);

        var messages = await NewClient().ReceiveAsync(5, TimeSpan.FromMinutes(1));

        var message = Assert.Single(messages);
        Assert.Equal("msg-1", message.Id);
        Assert.Equal("payload", message.Body.ToString());
        Assert.Equal(1, message.DequeueCount);
        Assert.Equal(Now.AddMinutes(-1), message.EnqueuedAt);
        Assert.Equal(Now.AddMinutes(1), message.NextVisibleAt);
        Assert.Equal(2, _transport.Requests.Count);
        Assert.All(_transport.Requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("https://contoso.servicebus.windows.net/batch-jobs/messages/head?timeout=0", r.Uri.AbsoluteUri);
        });
    }

    [Fact]
    public async Task ReceiveAsync_ReceiveWaitTime_OnlyTheFirstRequestLongPolls()
    {
        _transport.Respond(201, Encoding.UTF8.GetBytes("a"), Broker(1)).Respond(201, Encoding.UTF8.GetBytes("b"), Broker(2));

        var messages = await NewClient(o => o.ReceiveWaitTime = TimeSpan.FromSeconds(29.5)).ReceiveAsync(2, TimeSpan.FromMinutes(1));

        Assert.Equal(2, messages.Count);
        Assert.Equal(["timeout=30", "timeout=0"], _transport.Requests.Select(r => r.Uri.Query.TrimStart('?')));
        Assert.NotEqual(messages[0].LockToken, messages[1].LockToken);
    }

    [Fact]
    public async Task ReceiveAsync_Empty_ReturnsNoMessages()
    {
        _transport.Respond(204);

        var messages = await NewClient().ReceiveAsync(1, TimeSpan.FromMinutes(1));

        Assert.Empty(messages);
    }

    [Fact]
    public async Task ReceiveAsync_Unauthorized_Throws()
    {
        _transport.Respond(401);

        var error = await Assert.ThrowsAsync<Storage.ServiceBus.ServiceBusRequestException>(() => NewClient().ReceiveAsync(1, TimeSpan.FromMinutes(1)));

        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task CompleteAsync_Locked_DeletesBySequenceNumberAndLockToken()
    {
        _transport.Respond(200);

        var outcome = await NewClient().CompleteAsync(Received());

        Assert.Equal(SettleOutcome.Applied, outcome);
        var request = Assert.Single(_transport.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal($"https://contoso.servicebus.windows.net/batch-jobs/messages/11/{LockToken}", request.Uri.AbsoluteUri);
        Assert.StartsWith("SharedAccessSignature ", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task CompleteAsync_LockGone_ReportsLockLost(int status)
    {
        _transport.Respond(status);

        Assert.Equal(SettleOutcome.LockLost, await NewClient().CompleteAsync(Received()));
    }

    [Fact]
    public async Task CompleteAsync_ForeignLockToken_ThrowsBeforeSending()
    {
        var foreign = Received() with { LockToken = "AgAAAAMAAAAAAAAAAAAAAA==" };

        await Assert.ThrowsAsync<ArgumentException>(() => NewClient().CompleteAsync(foreign));
        Assert.Empty(_transport.Requests);
    }

    [Fact]
    public async Task AbandonAsync_NoDelay_UnlocksWithPut()
    {
        _transport.Respond(200);

        var outcome = await NewClient().AbandonAsync(Received());

        Assert.Equal(SettleOutcome.Applied, outcome);
        var request = Assert.Single(_transport.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"https://contoso.servicebus.windows.net/batch-jobs/messages/11/{LockToken}", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task AbandonAsync_LockLost_ReportsLockLost()
    {
        _transport.Respond(404);

        Assert.Equal(SettleOutcome.LockLost, await NewClient().AbandonAsync(Received()));
    }

    [Fact]
    public async Task AbandonAsync_Delay_SendsScheduledCopyCarryingIdentityThenCompletes()
    {
        _transport.Respond(201).Respond(200);

        var outcome = await NewClient().AbandonAsync(Received(dequeueCount: 2), TimeSpan.FromMinutes(10));

        Assert.Equal(SettleOutcome.Applied, outcome);
        Assert.Equal(2, _transport.Requests.Count);
        var copy = _transport.Requests[0];
        Assert.Equal("POST", copy.Method);
        Assert.Equal("https://contoso.servicebus.windows.net/batch-jobs/messages", copy.Uri.AbsoluteUri);
        Assert.Equal("payload", copy.BodyText);
        using var broker = JsonDocument.Parse(copy.Header("BrokerProperties")!);
        Assert.NotEqual("msg-1", broker.RootElement.GetProperty("MessageId").GetString());
        Assert.Equal("Sun, 01 Mar 2026 12:10:00 GMT", broker.RootElement.GetProperty("ScheduledEnqueueTimeUtc").GetString());
        Assert.Equal("\"msg-1\"", copy.Header("BI-Original-Message-Id"));
        Assert.Equal("2", copy.Header("BI-Prior-Deliveries"));
        Assert.Equal("DELETE", _transport.Requests[1].Method);
        Assert.EndsWith($"/messages/11/{LockToken}", _transport.Requests[1].Uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAsync_DelayedAbandonCopy_ReportsOriginalIdAndContinuedDequeueCount()
    {
        _transport.Respond(
            201, Encoding.UTF8.GetBytes("payload"), Broker(12, messageId: "copy-guid", deliveryCount: 1),
            ("BI-Original-Message-Id", "\"msg-1\""), ("BI-Prior-Deliveries", "2"));

        var message = Assert.Single(await NewClient().ReceiveAsync(1, TimeSpan.FromMinutes(1)));

        Assert.Equal("msg-1", message.Id);
        Assert.Equal(3, message.DequeueCount);
    }

    [Fact]
    public async Task RenewLockAsync_Renewed_PostsAndExtendsByTheQueueLockDuration()
    {
        _transport.Respond(200);
        _clock.Advance(TimeSpan.FromSeconds(50));

        var renewed = await NewClient(o => o.QueueLockDuration = TimeSpan.FromMinutes(2)).RenewLockAsync(Received(), TimeSpan.FromMinutes(5));

        Assert.NotNull(renewed);
        Assert.Equal(Now.AddSeconds(50).AddMinutes(2), renewed.NextVisibleAt);
        Assert.Equal(Received().LockToken, renewed.LockToken);
        var request = Assert.Single(_transport.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"https://contoso.servicebus.windows.net/batch-jobs/messages/11/{LockToken}", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task RenewLockAsync_AnswerWithBrokerProperties_UsesItsLockedUntil()
    {
        _transport.Respond(200, ("BrokerProperties", """{"LockedUntilUtc":"Sun, 01 Mar 2026 12:03:00 GMT"}"""));

        var renewed = await NewClient().RenewLockAsync(Received(), TimeSpan.FromMinutes(1));

        Assert.Equal(Now.AddMinutes(3), renewed!.NextVisibleAt);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task RenewLockAsync_LockGone_ReturnsNull(int status)
    {
        _transport.Respond(status);

        Assert.Null(await NewClient().RenewLockAsync(Received(), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task RenewLockAsync_Unavailable_RetriesThenSucceeds()
    {
        _transport.Respond(503, ("Retry-After", "0")).Respond(200);

        Assert.NotNull(await NewClient().RenewLockAsync(Received(), TimeSpan.FromMinutes(1)));
        Assert.Equal(2, _transport.Requests.Count);
    }
}
