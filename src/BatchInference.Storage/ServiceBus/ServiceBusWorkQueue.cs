using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// <see cref="IWorkQueue"/> over one Service Bus queue: a thin adapter on the AMQP SDK's <see cref="ServiceBusSender"/>
/// and a peek-lock <see cref="ServiceBusReceiver"/> with prefetch (the port is pull-shaped, so no processor; the
/// worker's own lock renewal calls <see cref="RenewLockAsync"/>). Every SDK failure that outlasts the client's retries
/// surfaces as a <see cref="ServiceBusRequestException"/> naming the operation, queue and namespace. Thread-safe.
/// </summary>
/// <remarks>
/// A lock token handed out is the SDK's own; the adapter keeps the received message it belongs to, because the SDK
/// settles a message object on the link that received it. An unknown token (another process's, a settled message's)
/// therefore reports <see cref="SettleOutcome.LockLost"/>, as an expired lock does. The lock duration is the queue's
/// <c>LockDuration</c>: the <c>lockDuration</c> arguments are checked but cannot change it.
/// </remarks>
public sealed partial class ServiceBusWorkQueue : IWorkQueue, IAsyncDisposable
{
    private readonly ServiceBusSender _sender;
    private readonly ServiceBusReceiver _receiver;
    private readonly ServiceBusAdministrationClient? _administration;
    private readonly ServiceBusWorkQueueOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ServiceBusReceivedMessage> _locked = new(StringComparer.Ordinal);

    /// <summary>Creates the adapter; no link is opened until the first call. The caller owns <paramref name="client"/>.</summary>
    /// <param name="client">The namespace's client (<see cref="ServiceBusClientFactory.CreateClient"/>).</param>
    /// <param name="queueName">The queue.</param>
    /// <param name="administration">For <see cref="GetApproximateCountAsync"/> and <see cref="CreateIfNotExistsAsync"/>;
    /// they throw without it.</param>
    /// <param name="options">Prefetch, receive wait, time-to-live and clock; defaults when null.</param>
    /// <param name="logger">Debug logging; none when null.</param>
    public ServiceBusWorkQueue(
        ServiceBusClient client, string queueName, ServiceBusAdministrationClient? administration = null,
        ServiceBusWorkQueueOptions? options = null, ILogger<ServiceBusWorkQueue>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        _options = options ?? new ServiceBusWorkQueueOptions();
        _options.Validate();
        QueueName = queueName;
        FullyQualifiedNamespace = client.FullyQualifiedNamespace;
        _administration = administration;
        _logger = logger ?? NullLogger<ServiceBusWorkQueue>.Instance;
        _sender = client.CreateSender(queueName);
        _receiver = client.CreateReceiver(
            queueName, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock, PrefetchCount = _options.PrefetchCount });
    }

    /// <summary>The queue this adapter works on.</summary>
    public string QueueName { get; }

    /// <summary>The namespace, e.g. <c>ns.servicebus.windows.net</c>.</summary>
    public string FullyQualifiedNamespace { get; }

    /// <inheritdoc />
    /// <remarks>The message id is a new GUID; use the overload taking one for duplicate detection.</remarks>
    /// <exception cref="ServiceBusRequestException">The send failed after the client's retries.</exception>
    public Task<QueueReceipt> SendAsync(BinaryData body, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        SendAsync(body, Guid.NewGuid().ToString("D"), delay, cancellationToken);

    /// <summary>Enqueues a message with the given <c>MessageId</c>: on a queue with duplicate detection, a second send of
    /// the same id within its window is accepted and dropped, which makes retried sends exactly-once.</summary>
    /// <param name="body">The body; its <see cref="BinaryData.MediaType"/> becomes the message's <c>ContentType</c>.</param>
    /// <param name="messageId">The message id (at most 128 characters).</param>
    /// <param name="delay">How long the message stays hidden (<c>ScheduledEnqueueTime</c> = now + delay); null or zero
    /// for now.</param>
    /// <param name="cancellationToken">Stops waiting for the send; the message may still have been enqueued.</param>
    /// <returns>The id and, on this process's clock (AMQP sends carry no broker time back), when it becomes visible.</returns>
    /// <exception cref="ServiceBusRequestException">The send failed after the client's retries.</exception>
    public async Task<QueueReceipt> SendAsync(BinaryData body, string messageId, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageId.Length, 128, nameof(messageId));
        var message = new ServiceBusMessage(body) { MessageId = messageId, ContentType = body.MediaType };
        if (_options.MessageTimeToLive is { } ttl)
        {
            message.TimeToLive = ttl;
        }

        var receipt = Schedule(message, delay, nameof(delay));
        await CallAsync("Send", () => _sender.SendMessageAsync(message, cancellationToken)).ConfigureAwait(false);
        Log.ServiceBusMessageSent(_logger, messageId, QueueName, body.ToMemory().Length, receipt.NextVisibleAt);
        return receipt;
    }

    /// <inheritdoc />
    /// <remarks>Answered from the prefetch buffer when it holds messages; otherwise waits up to
    /// <see cref="ServiceBusWorkQueueOptions.ReceiveWaitTime"/> for the first. Each message's
    /// <see cref="WorkQueueMessage.NextVisibleAt"/> is the broker's <c>LockedUntil</c>: renew before it. A copy made by a
    /// delayed <see cref="AbandonAsync"/> reports the original's id and continues its delivery count.</remarks>
    /// <exception cref="ServiceBusRequestException">The receive failed after the client's retries.</exception>
    public async Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var received = await CallAsync("Receive", () => _receiver.ReceiveMessagesAsync(maxMessages, _options.ReceiveWaitTime, cancellationToken))
            .ConfigureAwait(false);
        ForgetLapsedLocks();
        var messages = new List<WorkQueueMessage>(received.Count);
        foreach (var message in received)
        {
            _locked[message.LockToken] = message;
            messages.Add(ToWorkQueueMessage(message));
        }

        Log.ServiceBusMessagesReceived(_logger, messages.Count, QueueName);
        return messages;
    }

    /// <inheritdoc />
    /// <remarks>Active plus scheduled messages (durable timers are messages the queue holds too), from the queue's
    /// runtime properties, which Service Bus refreshes lazily. Needs the administration client.</remarks>
    /// <exception cref="ServiceBusRequestException">The request failed (no Manage right, no such queue, unreachable).</exception>
    public async Task<long> GetApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        var administration = Administration();
        var properties = await CallAsync("Get queue properties", () => administration.GetQueueRuntimePropertiesAsync(QueueName, cancellationToken))
            .ConfigureAwait(false);
        return properties.Value.ActiveMessageCount + properties.Value.ScheduledMessageCount;
    }

    /// <summary>Creates the queue when it does not exist (a deployment that declares its queues in Bicep never needs
    /// this). An existing queue keeps its own properties.</summary>
    /// <param name="queue">The new queue's properties, e.g. <see cref="ServiceBusQueues.WorkQueue"/>; its name must be
    /// <see cref="QueueName"/>. The service's defaults when null.</param>
    /// <param name="cancellationToken">Stops waiting; the queue may still have been created.</param>
    /// <returns>True when this call created the queue; false when it existed (or another caller won the race).</returns>
    /// <exception cref="ServiceBusRequestException">The request failed (no Manage right, quota, unreachable).</exception>
    public async Task<bool> CreateIfNotExistsAsync(CreateQueueOptions? queue = null, CancellationToken cancellationToken = default)
    {
        queue ??= new CreateQueueOptions(QueueName);
        if (!string.Equals(queue.Name, QueueName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The options name queue '{queue.Name}', not '{QueueName}'.", nameof(queue));
        }

        var administration = Administration();
        if ((await CallAsync("Check queue", () => administration.QueueExistsAsync(QueueName, cancellationToken)).ConfigureAwait(false)).Value)
        {
            return false;
        }

        try
        {
            await CallAsync("Create queue", () => administration.CreateQueueAsync(queue, cancellationToken)).ConfigureAwait(false);
        }
        catch (ServiceBusRequestException e) when (e.Reason == ServiceBusFailureReason.MessagingEntityAlreadyExists)
        {
            return false;
        }

        Log.ServiceBusQueueCreated(_logger, QueueName);
        return true;
    }

    /// <summary>Closes the sender's and receiver's links (not the client's connection). Messages still locked reappear
    /// when their locks lapse.</summary>
    /// <returns>A task that completes when the links are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync().ConfigureAwait(false);
        await _sender.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Sets <c>ScheduledEnqueueTime</c> for a positive delay and returns the receipt.</summary>
    private QueueReceipt Schedule(ServiceBusMessage message, TimeSpan? delay, string parameterName)
    {
        var now = _options.TimeProvider.GetUtcNow();
        if (delay is not { } span || span == TimeSpan.Zero)
        {
            return new QueueReceipt(message.MessageId, now, now);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero, parameterName);
        message.ScheduledEnqueueTime = now + span;
        return new QueueReceipt(message.MessageId, now, message.ScheduledEnqueueTime);
    }

    private WorkQueueMessage ToWorkQueueMessage(ServiceBusReceivedMessage message)
    {
        var properties = message.ApplicationProperties;
        var id = properties.TryGetValue(OriginalIdProperty, out var original) && original is string originalId ? originalId : message.MessageId;
        var prior = properties.TryGetValue(PriorDeliveriesProperty, out var count) && count is int deliveries ? deliveries : 0;
        return new WorkQueueMessage(id, message.Body, message.DeliveryCount + prior, message.EnqueuedTime, message.LockedUntil, message.LockToken);
    }

    /// <summary>Drops received messages whose locks lapsed a minute ago: they can no longer be settled.</summary>
    private void ForgetLapsedLocks()
    {
        var horizon = _options.TimeProvider.GetUtcNow() - TimeSpan.FromMinutes(1);
        foreach (var (token, message) in _locked)
        {
            if (message.LockedUntil < horizon)
            {
                _locked.TryRemove(token, out _);
            }
        }
    }

    private ServiceBusAdministrationClient Administration() =>
        _administration ?? throw new InvalidOperationException("This ServiceBusWorkQueue was created without an administration client.");

    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (ServiceBusRequestException.From(e, operation, FullyQualifiedNamespace, QueueName) is { } failure)
        {
            Log.ServiceBusRequestFailed(_logger, e, failure.Message);
            throw failure;
        }
    }

    private Task CallAsync(string operation, Func<Task> call) =>
        CallAsync(operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
}
