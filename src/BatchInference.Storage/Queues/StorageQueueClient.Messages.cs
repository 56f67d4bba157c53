using Azure;

namespace BatchInference.Storage.Queues;

/// <summary>Messages: send, receive, complete, abandon, renew.</summary>
public sealed partial class StorageQueueClient
{
    /// <inheritdoc />
    /// <remarks>The delay is rounded up to whole seconds and may be at most 7 days; the body at most
    /// <see cref="MaxBodyBytes"/> bytes. Both are checked before anything is sent.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative or over 7 days, or not below
    /// <see cref="StorageQueueOptions.MessageTimeToLive"/>.</exception>
    /// <exception cref="ArgumentException">The body is over <see cref="MaxBodyBytes"/>.</exception>
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public async Task<QueueReceipt> SendAsync(BinaryData body, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = body.ToMemory().Length;
        if (bytes > MaxBodyBytes)
        {
            throw new ArgumentException(
                $"The message body is {bytes} bytes; a queue message carries at most {MaxBodyBytes} bytes (64 KiB once Base64-encoded). Store large payloads in a blob and send its name.",
                nameof(body));
        }

        var delaySeconds = QueueVisibility.DelaySeconds(delay, nameof(delay));
        var ttlSeconds = _options.MessageTimeToLive is { } ttl ? QueueVisibility.CeilingSeconds(ttl) : -1;
        if (ttlSeconds > 0 && delaySeconds >= ttlSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay must be shorter than the message time-to-live.");
        }

        try
        {
            var receipt = (await _queue
                .SendMessageAsync(QueueMessageText.Encode(body), TimeSpan.FromSeconds(delaySeconds), TimeSpan.FromSeconds(ttlSeconds), cancellationToken)
                .ConfigureAwait(false)).Value;
            Log.QueueMessageSent(_logger, receipt.MessageId, QueueName, bytes, receipt.TimeNextVisible);
            return new QueueReceipt(receipt.MessageId, receipt.InsertionTime, receipt.TimeNextVisible);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Put message");
        }
    }

    /// <inheritdoc />
    /// <remarks>At most <see cref="MaxMessagesPerReceive"/> per call (call again for more); the lock duration is
    /// rounded up to whole seconds, 1 s to 7 days.</remarks>
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public async Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(
        int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerReceive);
        var lockSeconds = QueueVisibility.LockSeconds(lockDuration, nameof(lockDuration));
        try
        {
            var messages = (await _queue.ReceiveMessagesAsync(maxMessages, TimeSpan.FromSeconds(lockSeconds), cancellationToken).ConfigureAwait(false)).Value;
            var received = messages
                .Select(m => new WorkQueueMessage(
                    m.MessageId,
                    QueueMessageText.Decode(m.MessageText),
                    (int)m.DequeueCount,
                    m.InsertedOn ?? default,
                    m.NextVisibleOn ?? default,
                    m.PopReceipt))
                .ToList();
            Log.QueueMessagesReceived(_logger, received.Count, QueueName);
            return received;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Get messages");
        }
    }

    /// <inheritdoc />
    /// <remarks>A lock that lapsed still completes when nobody received the message in between (the pop receipt is
    /// only replaced by the next receive). A retried delete whose first attempt landed reports
    /// <see cref="SettleOutcome.LockLost"/>: the message is gone either way.</remarks>
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public async Task<SettleOutcome> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken = default)
    {
        Validate(message);
        try
        {
            await _queue.DeleteMessageAsync(message.Id, message.LockToken, cancellationToken).ConfigureAwait(false);
            return SettleOutcome.Applied;
        }
        catch (RequestFailedException ex) when (IsLockLost(ex, "Delete message", message.Id))
        {
            return SettleOutcome.LockLost;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Delete message");
        }
    }

    /// <inheritdoc />
    /// <remarks>The delay is rounded up to whole seconds, 0 s to 7 days. The message keeps its id and dequeue count.</remarks>
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public async Task<SettleOutcome> AbandonAsync(WorkQueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var seconds = QueueVisibility.DelaySeconds(delay, nameof(delay));
        var updated = await UpdateVisibilityAsync(message, seconds, "Abandon message", cancellationToken).ConfigureAwait(false);
        return updated is null ? SettleOutcome.LockLost : SettleOutcome.Applied;
    }

    /// <inheritdoc />
    /// <remarks>The lock duration is rounded up to whole seconds, 1 s to 7 days.</remarks>
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public Task<WorkQueueMessage?> RenewLockAsync(WorkQueueMessage message, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        var seconds = QueueVisibility.LockSeconds(lockDuration, nameof(lockDuration));
        return UpdateVisibilityAsync(message, seconds, "Renew lock", cancellationToken);
    }

    /// <summary>Update Message without a body: only the visibility timeout (and so the pop receipt) changes.</summary>
    private async Task<WorkQueueMessage?> UpdateVisibilityAsync(
        WorkQueueMessage message, long visibilitySeconds, string operation, CancellationToken cancellationToken)
    {
        Validate(message);
        try
        {
            var receipt = (await _queue
                .UpdateMessageAsync(message.Id, message.LockToken, messageText: null, TimeSpan.FromSeconds(visibilitySeconds), cancellationToken)
                .ConfigureAwait(false)).Value;
            return message with { LockToken = receipt.PopReceipt, NextVisibleAt = receipt.NextVisibleOn };
        }
        catch (RequestFailedException ex) when (IsLockLost(ex, operation, message.Id))
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, operation);
        }
    }

    private static void Validate(WorkQueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.LockToken, nameof(message));
    }

    /// <summary>404 MessageNotFound and 400 PopReceiptMismatch mean the lock is gone; anything else is a failure.</summary>
    private bool IsLockLost(RequestFailedException ex, string operation, string messageId)
    {
        if ((ex.Status, ex.ErrorCode) is (404, MessageNotFound) or (400, PopReceiptMismatch))
        {
            Log.QueueLockLost(_logger, operation, messageId, QueueName, ex.ErrorCode);
            return true;
        }

        return false;
    }
}
