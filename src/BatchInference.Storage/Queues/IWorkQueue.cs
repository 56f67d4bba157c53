namespace BatchInference.Storage.Queues;

/// <summary>
/// A work queue with at-least-once delivery, as the job engine uses it: send (optionally scheduled for later), receive
/// under a lock that lapses on its own, then complete, abandon or renew. Transport-neutral: an Azure Storage Queue
/// (<see cref="StorageQueueClient"/>; the lock is the visibility timeout, the schedule an initial visibility timeout)
/// or a Service Bus queue (peek-lock, scheduled enqueue time).
/// </summary>
/// <remarks>
/// Redelivery is normal: a message whose lock lapses is delivered again with a higher
/// <see cref="WorkQueueMessage.DequeueCount"/>, and a send that is retried after a lost response may enqueue twice.
/// Handlers must be idempotent. Losing a lock is an expected outcome (<see cref="SettleOutcome.LockLost"/>, or a null
/// renewal), never an exception: it means another receiver may own the message now.
/// </remarks>
public interface IWorkQueue
{
    /// <summary>Enqueues a message, visible to receivers at once or after <paramref name="delay"/>.</summary>
    /// <param name="body">The message body; the transport bounds its size (see the implementation).</param>
    /// <param name="delay">How long the message stays hidden (a durable timer); null or zero for now.</param>
    /// <param name="cancellationToken">Stops waiting for the send; the message may still have been enqueued.</param>
    /// <returns>The new message's id and when it becomes visible.</returns>
    Task<QueueReceipt> SendAsync(BinaryData body, TimeSpan? delay = null, CancellationToken cancellationToken = default);

    /// <summary>Receives up to <paramref name="maxMessages"/> visible messages, each locked for
    /// <paramref name="lockDuration"/>. Returns an empty list, without waiting, when none is visible.</summary>
    /// <param name="maxMessages">How many at most (the transport may return fewer).</param>
    /// <param name="lockDuration">How long the messages stay hidden from other receivers.</param>
    /// <param name="cancellationToken">Stops waiting for the answer; messages already locked reappear when the lock lapses.</param>
    /// <returns>The received messages, each with its lock token.</returns>
    Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default);

    /// <summary>Removes a received message for good: the work is done.</summary>
    /// <param name="message">The message as last received or renewed (its lock token must be current).</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns><see cref="SettleOutcome.Applied"/>, or <see cref="SettleOutcome.LockLost"/> when the lock token is no
    /// longer valid (the message was received again by someone, or is already gone).</returns>
    Task<SettleOutcome> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken = default);

    /// <summary>Releases a received message so it is delivered again, at once or after <paramref name="delay"/>.</summary>
    /// <param name="message">The message as last received or renewed.</param>
    /// <param name="delay">How long it stays hidden before redelivery; null or zero for now.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns><see cref="SettleOutcome.Applied"/>, or <see cref="SettleOutcome.LockLost"/> as for <see cref="CompleteAsync"/>.</returns>
    Task<SettleOutcome> AbandonAsync(WorkQueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default);

    /// <summary>Extends the lock on a received message to <paramref name="lockDuration"/> from now.</summary>
    /// <param name="message">The message as last received or renewed.</param>
    /// <param name="lockDuration">The new lock duration, counted from now.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The message with its new lock token and <see cref="WorkQueueMessage.NextVisibleAt"/> (use it from now
    /// on: the old token may no longer be valid), or null when the lock was already lost.</returns>
    Task<WorkQueueMessage?> RenewLockAsync(WorkQueueMessage message, TimeSpan lockDuration, CancellationToken cancellationToken = default);

    /// <summary>How many messages the queue holds, visible or not; approximate (the service counts lazily).</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The approximate message count.</returns>
    Task<long> GetApproximateCountAsync(CancellationToken cancellationToken = default);
}
