using System.Globalization;
using Azure;
using Azure.Core;
using BatchInference.Storage.Queues;

namespace BatchInference.Storage.ServiceBus;

/// <summary>Receiving under peek-lock, and settling: complete, abandon, renew.</summary>
public sealed partial class ServiceBusQueueClient
{
    /// <summary>The most messages one receive returns; each costs one peek-lock request.</summary>
    public const int MaxMessagesPerReceive = 32;

    /// <inheritdoc />
    /// <remarks>One Peek-Lock request per message, stopping at the first empty answer (204). Only the first request
    /// waits, for <see cref="ServiceBusQueueOptions.ReceiveWaitTime"/> (zero by default). REST cannot choose the lock
    /// duration: <paramref name="lockDuration"/> is checked but the queue's <c>LockDuration</c> applies, and each
    /// message's <see cref="WorkQueueMessage.NextVisibleAt"/> is the service's <c>LockedUntilUtc</c>: renew before it.
    /// A peek-lock whose answer is lost (and retried) leaves that message locked until its lock lapses.</remarks>
    /// <exception cref="ServiceBusRequestException">401, the queue does not exist (410), or a failure that outlasted the
    /// retries; messages locked before the failure are released when their locks lapse.</exception>
    public async Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerReceive);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        var received = new List<WorkQueueMessage>(maxMessages);
        while (received.Count < maxMessages)
        {
            var wait = received.Count == 0 ? _options.ReceiveWaitTime : TimeSpan.Zero;
            var message = await PeekLockAsync(wait, cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                break;
            }

            received.Add(message);
        }

        Log.ServiceBusMessagesReceived(_logger, received.Count, QueueName);
        return received;
    }

    /// <inheritdoc />
    /// <remarks>Delete Message. A retried delete whose first attempt landed reports <see cref="SettleOutcome.LockLost"/>:
    /// the message is gone either way.</remarks>
    /// <exception cref="ServiceBusRequestException">401, or a failure that outlasted the retries.</exception>
    public async Task<SettleOutcome> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken = default)
    {
        using var request = NewLockMessage(RequestMethod.Delete, message);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return SettleOutcomeOf(response.Status, "Complete message", message.Id);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Without a delay: Unlock Message; the message is redelivered at once with its delivery count raised.
    /// With a delay, which REST cannot express: a copy of the body is sent scheduled for now + delay under a new message
    /// id (so duplicate detection cannot drop it) carrying the original id and delivery count as custom properties, so
    /// its receiver sees the same <see cref="WorkQueueMessage.Id"/> and a continued <see cref="WorkQueueMessage.DequeueCount"/>;
    /// then the original is completed. If that completion finds the lock lost, the copy stays: the message will be
    /// delivered twice (handlers are idempotent) and <see cref="SettleOutcome.LockLost"/> is returned.
    /// </remarks>
    /// <exception cref="ServiceBusRequestException">401, or a failure that outlasted the retries.</exception>
    public async Task<SettleOutcome> AbandonAsync(WorkQueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (delay is { } span && span != TimeSpan.Zero)
        {
            var scheduledAt = ScheduleFor(span, nameof(delay));
            var copy = await SendOneAsync(message.Body, Guid.NewGuid().ToString("D"), scheduledAt, (message.Id, message.DequeueCount), cancellationToken)
                .ConfigureAwait(false);
            Log.ServiceBusDelayedAbandon(_logger, message.Id, QueueName, copy.MessageId, copy.NextVisibleAt);
            return await CompleteAsync(message, cancellationToken).ConfigureAwait(false);
        }

        using var request = NewLockMessage(RequestMethod.Put, message);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return SettleOutcomeOf(response.Status, "Abandon message", message.Id);
    }

    /// <inheritdoc />
    /// <remarks>Renew-Lock. The lock token stays the same; the new expiry is the answer's <c>LockedUntilUtc</c> when it
    /// carries BrokerProperties, else now + <see cref="ServiceBusQueueOptions.QueueLockDuration"/> (the queue's
    /// <c>LockDuration</c> applies, not <paramref name="lockDuration"/>).</remarks>
    /// <exception cref="ServiceBusRequestException">401, or a failure that outlasted the retries.</exception>
    public async Task<WorkQueueMessage?> RenewLockAsync(WorkQueueMessage message, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        using var request = NewLockMessage(RequestMethod.Post, message);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (SettleOutcomeOf(response.Status, "Renew lock", message.Id) == SettleOutcome.LockLost)
        {
            return null;
        }

        var lockedUntil = response.Headers.TryGetValue(BrokerProperties.HeaderName, out var json)
            ? BrokerProperties.TryParseLockedUntil(json)
            : null;
        return message with { NextVisibleAt = lockedUntil ?? _options.TimeProvider.GetUtcNow() + _options.QueueLockDuration };
    }

    private async Task<WorkQueueMessage?> PeekLockAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        using var request = NewMessage(RequestMethod.Post, "/messages/head");
        request.Request.Uri.AppendQuery("timeout", ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        switch (response.Status)
        {
            case 204:
                return null;
            case 201:
                break;
            default:
                throw Failure(response.Status, "Peek-lock message");
        }

        if (!response.Headers.TryGetValue(BrokerProperties.HeaderName, out var json))
        {
            throw new InvalidDataException("The peek-lock answer has no BrokerProperties header.");
        }

        var properties = BrokerProperties.Parse(json);
        var id = CustomProperty(response, OriginalIdProperty) ?? properties.MessageId;
        var priorDeliveries = int.TryParse(CustomProperty(response, PriorDeliveriesProperty), NumberStyles.Integer, CultureInfo.InvariantCulture, out var prior)
            ? prior
            : 0;
        return new WorkQueueMessage(
            id,
            response.Content,
            properties.DeliveryCount + priorDeliveries,
            properties.EnqueuedTimeUtc,
            properties.LockedUntilUtc,
            string.Create(CultureInfo.InvariantCulture, $"{properties.SequenceNumber}/{properties.LockToken}"));
    }

    /// <summary>A custom property's value: string properties come back JSON-quoted.</summary>
    private static string? CustomProperty(Response response, string name)
    {
        if (!response.Headers.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.Length >= 2 && value[0] == '"' && value[^1] == '"'
            ? System.Text.Json.JsonSerializer.Deserialize<string>(value)
            : value;
    }

    /// <summary><c>/messages/{sequenceNumber}/{lockToken}</c>, from the opaque token this client issued.</summary>
    private HttpMessage NewLockMessage(RequestMethod method, WorkQueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.LockToken, nameof(message));
        var slash = message.LockToken.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == message.LockToken.Length - 1
            || !long.TryParse(message.LockToken.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var sequenceNumber))
        {
            throw new ArgumentException("The message's lock token was not issued by a ServiceBusQueueClient.", nameof(message));
        }

        var lockToken = Uri.EscapeDataString(message.LockToken[(slash + 1)..]);
        return NewMessage(method, string.Create(CultureInfo.InvariantCulture, $"/messages/{sequenceNumber}/{lockToken}"));
    }

    /// <summary>200 applied; 404 (no such message or lock) and 410 (gone) mean the lock is lost; the rest throws.</summary>
    private SettleOutcome SettleOutcomeOf(int status, string operation, string messageId)
    {
        switch (status)
        {
            case 200:
                return SettleOutcome.Applied;
            case 404 or 410:
                Log.ServiceBusLockLost(_logger, operation, messageId, QueueName, status);
                return SettleOutcome.LockLost;
            default:
                throw Failure(status, operation);
        }
    }
}
