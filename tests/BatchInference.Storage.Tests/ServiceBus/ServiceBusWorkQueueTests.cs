using System.Net.WebSockets;
using Azure.Messaging.ServiceBus;
using BatchInference.Storage.Queues;
using BatchInference.Storage.ServiceBus;
using BatchInference.Testing.ServiceBus;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Storage.Tests.ServiceBus;

public sealed class ServiceBusWorkQueueTests : IAsyncDisposable
{
    private const string Queue = "bi-work";
    private readonly FakeTimeProvider _clock = new(ReceivedMessages.EnqueuedAt);
    private readonly RecordingServiceBusClient _client = new("contoso.servicebus.windows.net");
    private readonly RecordingAdministrationClient _administration = new();
    private readonly ServiceBusWorkQueue _queue;

    public ServiceBusWorkQueueTests() =>
        _queue = new ServiceBusWorkQueue(_client, Queue, _administration, new ServiceBusWorkQueueOptions { TimeProvider = _clock, PrefetchCount = 4 });

    private RecordingSender Sender => _client.Sender(Queue);

    private ScriptedReceiver Receiver => _client.Receiver(Queue);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    [Fact]
    public async Task SendAsync_WithMessageId_SetsMessageIdAndContentTypeAndNoSchedule()
    {
        var receipt = await _queue.SendAsync(new BinaryData("{}"u8.ToArray(), "application/json"), "bi-submit-abc");

        var sent = Assert.Single(Sender.Messages);
        Assert.Equal("bi-submit-abc", sent.MessageId);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("{}", sent.Body.ToString());
        Assert.Equal(default, sent.ScheduledEnqueueTime);
        Assert.Equal(new QueueReceipt("bi-submit-abc", _clock.GetUtcNow(), _clock.GetUtcNow()), receipt);
    }

    [Fact]
    public async Task SendAsync_WithDelay_SchedulesTheEnqueueTime()
    {
        var receipt = await _queue.SendAsync(BinaryData.FromString("timer"), TimeSpan.FromSeconds(90));

        var sent = Assert.Single(Sender.Messages);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(90), sent.ScheduledEnqueueTime);
        Assert.Equal(sent.ScheduledEnqueueTime, receipt.NextVisibleAt);
        Assert.True(Guid.TryParse(sent.MessageId, out _), sent.MessageId);
    }

    [Fact]
    public async Task ReceiveAsync_Messages_MapsBrokerFieldsAndUsesPeekLockWithPrefetch()
    {
        var message = ReceivedMessages.Create(deliveryCount: 2);
        Receiver.Incoming.Enqueue(message);

        var received = Assert.Single(await _queue.ReceiveAsync(8, TimeSpan.FromMinutes(1)));

        Assert.Equal(("m-1", 2, ReceivedMessages.EnqueuedAt, message.LockedUntil, message.LockToken),
            (received.Id, received.DequeueCount, received.EnqueuedAt, received.NextVisibleAt, received.LockToken));
        Assert.Equal(message.Body.ToString(), received.Body.ToString());
        Assert.Equal(ServiceBusReceiveMode.PeekLock, _client.ReceiverOptions!.ReceiveMode);
        Assert.Equal(4, _client.ReceiverOptions.PrefetchCount);
        Assert.Equal(new ServiceBusWorkQueueOptions().ReceiveWaitTime, Assert.Single(Receiver.ReceiveWaits));
    }

    [Fact]
    public async Task CompleteAsync_Received_CompletesOnceThenReportsLockLost()
    {
        var received = await ReceiveOneAsync();

        Assert.Equal(SettleOutcome.Applied, await _queue.CompleteAsync(received));
        Assert.Equal(SettleOutcome.LockLost, await _queue.CompleteAsync(received));

        var settled = Assert.Single(Receiver.Settled);
        Assert.Equal("Complete", settled.Operation);
    }

    [Fact]
    public async Task CompleteAsync_BrokerSaysLockLost_ReturnsLockLost()
    {
        var received = await ReceiveOneAsync();
        Receiver.OnSettle = (_, _) => throw new ServiceBusException("lock lost", ServiceBusFailureReason.MessageLockLost);

        Assert.Equal(SettleOutcome.LockLost, await _queue.CompleteAsync(received));
    }

    [Fact]
    public async Task CompleteAsync_TokenFromElsewhere_ReturnsLockLostWithoutCallingTheBroker()
    {
        var stranger = new WorkQueueMessage("x", BinaryData.Empty, 1, ReceivedMessages.EnqueuedAt, ReceivedMessages.EnqueuedAt, Guid.NewGuid().ToString());

        Assert.Equal(SettleOutcome.LockLost, await _queue.CompleteAsync(stranger));
        Assert.Empty(Receiver.Settled);
    }

    [Fact]
    public async Task AbandonAsync_HandlerFailedNoDelay_AbandonsForImmediateRedelivery()
    {
        var received = await ReceiveOneAsync();

        Assert.Equal(SettleOutcome.Applied, await _queue.AbandonAsync(received, TimeSpan.Zero));

        Assert.Equal("Abandon", Assert.Single(Receiver.Settled).Operation);
        Assert.Empty(Sender.Messages);
    }

    [Fact]
    public async Task AbandonAsync_WithDelay_SchedulesACopyAndCompletesTheOriginalInOneTransaction()
    {
        Receiver.Incoming.Enqueue(ReceivedMessages.Create(deliveryCount: 3, properties: new Dictionary<string, object> { ["team"] = "search" }));
        var received = Assert.Single(await _queue.ReceiveAsync(1, TimeSpan.FromMinutes(1)));

        Assert.Equal(SettleOutcome.Applied, await _queue.AbandonAsync(received, TimeSpan.FromMinutes(2)));

        var (copy, sentInTransaction) = Assert.Single(Sender.Sent);
        var completed = Assert.Single(Receiver.Settled);
        Assert.True(sentInTransaction);
        Assert.Equal(("Complete", true), (completed.Operation, completed.InTransaction));
        Assert.NotEqual("m-1", copy.MessageId); // duplicate detection must not drop the copy
        Assert.Equal(_clock.GetUtcNow().AddMinutes(2), copy.ScheduledEnqueueTime);
        Assert.Equal(received.Body.ToString(), copy.Body.ToString());
        Assert.Equal("m-1", copy.ApplicationProperties[ServiceBusWorkQueue.OriginalIdProperty]);
        Assert.Equal(3, copy.ApplicationProperties[ServiceBusWorkQueue.PriorDeliveriesProperty]);
        Assert.Equal("search", copy.ApplicationProperties["team"]);
    }

    [Fact]
    public async Task ReceiveAsync_DelayedAbandonCopy_ReportsTheOriginalIdAndContinuesTheCount()
    {
        Receiver.Incoming.Enqueue(ReceivedMessages.Create(messageId: Guid.NewGuid().ToString(), deliveryCount: 1, properties: new Dictionary<string, object>
        {
            [ServiceBusWorkQueue.OriginalIdProperty] = "m-1",
            [ServiceBusWorkQueue.PriorDeliveriesProperty] = 3,
        }));

        var received = Assert.Single(await _queue.ReceiveAsync(1, TimeSpan.FromMinutes(1)));

        Assert.Equal(("m-1", 4), (received.Id, received.DequeueCount));
    }

    [Fact]
    public async Task AbandonAsync_WithDelayLockLost_ReturnsLockLost()
    {
        var received = await ReceiveOneAsync();
        Receiver.OnSettle = (_, _) => throw new ServiceBusException("lock lost", ServiceBusFailureReason.MessageLockLost);

        Assert.Equal(SettleOutcome.LockLost, await _queue.AbandonAsync(received, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task DeadLetterAsync_PoisonMessage_DeadLettersNativelyWithReasonAndDescription()
    {
        var received = await ReceiveOneAsync();

        Assert.Equal(SettleOutcome.Applied, await _queue.DeadLetterAsync(received, "InvalidBody", "not an engine message"));

        var settled = Assert.Single(Receiver.Settled);
        Assert.Equal(("DeadLetter", "InvalidBody", "not an engine message"), (settled.Operation, settled.Reason, settled.Description));
        Assert.Empty(Sender.Messages); // no copy to a sibling queue any more
    }

    [Fact]
    public async Task DeadLetterAsync_LongReason_IsCutToTheServiceLimit()
    {
        var received = await ReceiveOneAsync();

        await _queue.DeadLetterAsync(received, new string('r', 5000));

        Assert.Equal(ServiceBusWorkQueue.MaxDeadLetterTextLength, Assert.Single(Receiver.Settled).Reason!.Length);
    }

    [Fact]
    public async Task RenewLockAsync_Held_RenewsAndKeepsTheTokenUsable()
    {
        var received = await ReceiveOneAsync();

        var renewed = await _queue.RenewLockAsync(received, TimeSpan.FromMinutes(1));

        Assert.NotNull(renewed);
        Assert.Equal(received.LockToken, renewed.LockToken);
        Assert.Equal(SettleOutcome.Applied, await _queue.CompleteAsync(renewed));
        Assert.Equal(["RenewLock", "Complete"], Receiver.Settled.Select(s => s.Operation));
    }

    [Fact]
    public async Task RenewLockAsync_LockLost_ReturnsNull()
    {
        var received = await ReceiveOneAsync();
        Receiver.OnSettle = (_, _) => throw new ServiceBusException("lock lost", ServiceBusFailureReason.MessageLockLost);

        Assert.Null(await _queue.RenewLockAsync(received, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task GetApproximateCountAsync_CountsActiveAndScheduled()
    {
        _administration.Counts = (3, 2);

        Assert.Equal(5, await _queue.GetApproximateCountAsync());
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_Missing_CreatesWithTheWorkQueueProperties()
    {
        Assert.True(await _queue.CreateIfNotExistsAsync(ServiceBusQueues.WorkQueue(Queue)));

        var created = Assert.Single(_administration.Created);
        Assert.Equal((Queue, TimeSpan.FromMinutes(1), 5, TimeSpan.FromDays(14), true),
            (created.Name, created.LockDuration, created.MaxDeliveryCount, created.DefaultMessageTimeToLive, created.DeadLetteringOnMessageExpiration));
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_Exists_LeavesItAlone()
    {
        await _queue.CreateIfNotExistsAsync();

        Assert.False(await _queue.CreateIfNotExistsAsync());
        Assert.Single(_administration.Created);
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_LostTheRace_ReturnsFalse()
    {
        _administration.LoseCreateRace = true;

        Assert.False(await _queue.CreateIfNotExistsAsync());
    }

    [Fact]
    public async Task CreateIfNotExistsAsync_OtherQueuesOptions_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _queue.CreateIfNotExistsAsync(ServiceBusQueues.JobsQueue("batch-jobs")));

    [Fact]
    public async Task SendAsync_NamespaceUnreachable_ThrowsOneClearErrorNamingQueueAndNamespace()
    {
        Sender.OnSend = _ => throw new ServiceBusException("Connection refused", ServiceBusFailureReason.ServiceCommunicationProblem);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => _queue.SendAsync(BinaryData.FromString("x")));

        Assert.True(error.IsUnreachable);
        Assert.StartsWith("Send on Service Bus queue 'bi-work' in namespace 'contoso.servicebus.windows.net' failed: the namespace cannot be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WebSocketFailure_ThrowsTheSameKindOfError()
    {
        Sender.OnSend = _ => throw new WebSocketException(WebSocketError.Faulted, "Unable to connect to the remote server");

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => _queue.SendAsync(BinaryData.FromString("x")));

        Assert.True(error.IsUnreachable);
        Assert.Contains("cannot be reached over WebSockets", error.Message, StringComparison.Ordinal);
        Assert.IsType<WebSocketException>(error.InnerException);
    }

    [Fact]
    public async Task SendAsync_QueueMissing_SaysSo()
    {
        Sender.OnSend = _ => throw new ServiceBusException("not found", ServiceBusFailureReason.MessagingEntityNotFound);

        var error = await Assert.ThrowsAsync<ServiceBusRequestException>(() => _queue.SendAsync(BinaryData.FromString("x")));

        Assert.EndsWith("failed: the queue does not exist.", error.Message, StringComparison.Ordinal);
    }

    private async Task<WorkQueueMessage> ReceiveOneAsync()
    {
        Receiver.Incoming.Enqueue(ReceivedMessages.Create());
        return Assert.Single(await _queue.ReceiveAsync(1, TimeSpan.FromMinutes(1)));
    }
}
