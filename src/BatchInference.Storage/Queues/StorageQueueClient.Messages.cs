using Azure;
using Azure.Core;
using BatchInference.Storage.Blobs;

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

        using var message = NewMessage(RequestMethod.Post, "/messages");
        message.Request.Uri.AppendQuery("visibilitytimeout", QueueVisibility.Format(delaySeconds));
        message.Request.Uri.AppendQuery("messagettl", QueueVisibility.Format(ttlSeconds));
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(QueueMessageXml.CreateRequestBody(body));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw await FailureAsync(response, "Put message", cancellationToken).ConfigureAwait(false);
        }

        var receipt = QueueMessageXml.ParseSendReceipt(response.Content);
        Log.QueueMessageSent(_logger, receipt.MessageId, QueueName, bytes, receipt.NextVisibleAt);
        return receipt;
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
        using var message = NewMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", QueueVisibility.Format(maxMessages));
        message.Request.Uri.AppendQuery("visibilitytimeout", QueueVisibility.Format(lockSeconds));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw await FailureAsync(response, "Get messages", cancellationToken).ConfigureAwait(false);
        }

        var received = QueueMessageXml.ParseReceived(response.Content);
        Log.QueueMessagesReceived(_logger, received.Count, QueueName);
        return received;
    }

    /// <inheritdoc />
    /// <remarks>A lock that lapsed still completes when nobody received the message in between (the pop receipt is
    /// only replaced by the next receive). A retried delete whose first attempt landed reports
    /// <see cref="SettleOutcome.LockLost"/>: the message is gone either way.</remarks>
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public async Task<SettleOutcome> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken = default)
    {
        using var request = NewSettleMessage(RequestMethod.Delete, message);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Status == 204)
        {
            return SettleOutcome.Applied;
        }

        return await LockLostOrThrowAsync(response, "Delete message", message.Id, cancellationToken).ConfigureAwait(false);
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
        using var request = NewSettleMessage(RequestMethod.Put, message);
        request.Request.Uri.AppendQuery("visibilitytimeout", QueueVisibility.Format(visibilitySeconds));
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Status != 204)
        {
            await LockLostOrThrowAsync(response, operation, message.Id, cancellationToken).ConfigureAwait(false);
            return null;
        }

        response.Headers.TryGetValue("x-ms-popreceipt", out var popReceipt);
        response.Headers.TryGetValue("x-ms-time-next-visible", out var nextVisible);
        if (string.IsNullOrEmpty(popReceipt) || BlobResponses.ParseHttpDate(nextVisible) is not { } nextVisibleAt)
        {
            throw new InvalidDataException("The Queue service's Update Message answer lacks x-ms-popreceipt or x-ms-time-next-visible.");
        }

        return message with { LockToken = popReceipt, NextVisibleAt = nextVisibleAt };
    }

    private HttpMessage NewSettleMessage(RequestMethod method, WorkQueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.LockToken, nameof(message));
        var request = NewMessage(method, "/messages/" + Uri.EscapeDataString(message.Id));
        request.Request.Uri.AppendQuery("popreceipt", message.LockToken, escapeValue: true);
        return request;
    }

    /// <summary>404 MessageNotFound and 400 PopReceiptMismatch mean the lock is gone; anything else is a failure.</summary>
    private async Task<SettleOutcome> LockLostOrThrowAsync(
        Response response, string operation, string messageId, CancellationToken cancellationToken)
    {
        var code = ErrorCodeOf(response);
        if ((response.Status, code) is (404, MessageNotFound) or (400, PopReceiptMismatch))
        {
            Log.QueueLockLost(_logger, operation, messageId, QueueName, code);
            return SettleOutcome.LockLost;
        }

        throw await FailureAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }
}
