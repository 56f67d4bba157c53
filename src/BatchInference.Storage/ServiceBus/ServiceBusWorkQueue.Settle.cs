using System.Transactions;
using Azure.Messaging.ServiceBus;
using BatchInference.Storage.Queues;

namespace BatchInference.Storage.ServiceBus;

/// <summary>Settling a received message: complete, abandon (at once or after a delay), renew, dead-letter.</summary>
public sealed partial class ServiceBusWorkQueue
{
    /// <summary>Application property of a delayed abandon's copy: the original's id, which the copy's receiver reports.</summary>
    public const string OriginalIdProperty = "BI-Original-Message-Id";

    /// <summary>Application property of a delayed abandon's copy: the original's deliveries so far, which the copy's
    /// receiver adds to its own delivery count.</summary>
    public const string PriorDeliveriesProperty = "BI-Prior-Deliveries";

    /// <summary>The longest dead-letter reason or description Service Bus takes; longer ones are cut.</summary>
    public const int MaxDeadLetterTextLength = 4096;

    /// <inheritdoc />
    /// <exception cref="ServiceBusRequestException">The request failed after the client's retries.</exception>
    public Task<SettleOutcome> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken = default) =>
        SettleAsync("Complete", message, received => _receiver.CompleteMessageAsync(received, cancellationToken));

    /// <inheritdoc />
    /// <remarks>
    /// Without a delay: the SDK's abandon; Service Bus redelivers at once with its delivery count raised, and past the
    /// queue's <c>MaxDeliveryCount</c> moves the message to <c>$DeadLetterQueue</c> itself.
    /// Service Bus has no abandon-with-delay, so a delay is a scheduled copy (same body and properties, a new MessageId
    /// so duplicate detection keeps it, <c>ScheduledEnqueueTime</c> = now + delay, the original id and deliveries in
    /// <see cref="OriginalIdProperty"/> and <see cref="PriorDeliveriesProperty"/>) sent and the original completed in
    /// one Service Bus transaction: both happen or neither does, so a lost lock leaves no duplicate. The broker counts the
    /// copy's deliveries from 1 again; <see cref="WorkQueueMessage.DequeueCount"/> continues, so the worker's own
    /// <c>MaxDeliveryCount</c> still applies.
    /// </remarks>
    /// <exception cref="ServiceBusRequestException">The request (or the transaction) failed after the client's retries.</exception>
    public Task<SettleOutcome> AbandonAsync(WorkQueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        if (delay is not { } span || span == TimeSpan.Zero)
        {
            return SettleAsync("Abandon", message, received => _receiver.AbandonMessageAsync(received, propertiesToModify: null, cancellationToken));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero, nameof(delay));
        return SettleAsync("Abandon with delay", message, async received =>
        {
            var copy = new ServiceBusMessage(received) { MessageId = Guid.NewGuid().ToString("D") };
            copy.ApplicationProperties[OriginalIdProperty] = message.Id;
            copy.ApplicationProperties[PriorDeliveriesProperty] = message.DequeueCount;
            var receipt = Schedule(copy, span, nameof(delay));
            using (var transaction = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
            {
                await _sender.SendMessageAsync(copy, cancellationToken).ConfigureAwait(false);
                await _receiver.CompleteMessageAsync(received, cancellationToken).ConfigureAwait(false);
                transaction.Complete();
            }

            Log.ServiceBusDelayedAbandon(_logger, message.Id, QueueName, copy.MessageId, receipt.NextVisibleAt);
        });
    }

    /// <inheritdoc />
    /// <remarks>The SDK's lock renewal: the token stays the same, the new expiry is the broker's <c>LockedUntil</c> (the
    /// queue's <c>LockDuration</c> from now, whatever <paramref name="lockDuration"/> says).</remarks>
    /// <exception cref="ServiceBusRequestException">The request failed after the client's retries.</exception>
    public async Task<WorkQueueMessage?> RenewLockAsync(WorkQueueMessage message, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lockDuration, TimeSpan.Zero);
        ServiceBusReceivedMessage? renewed = null;
        var outcome = await SettleAsync("Renew lock", message, async received =>
        {
            await _receiver.RenewMessageLockAsync(received, cancellationToken).ConfigureAwait(false);
            renewed = received;
        }, keepTracking: true).ConfigureAwait(false);
        return outcome == SettleOutcome.Applied ? message with { NextVisibleAt = renewed!.LockedUntil } : null;
    }

    /// <summary>
    /// Moves a received message to the queue's own <c>$DeadLetterQueue</c> with why (the SDK's
    /// <c>DeadLetterMessageAsync</c>): the broker records <paramref name="reason"/> and <paramref name="description"/> as
    /// the message's <c>DeadLetterReason</c> and <c>DeadLetterErrorDescription</c>, which
    /// <c>EnginePoisonServiceBus</c> reads.
    /// </summary>
    /// <param name="message">The message as last received or renewed.</param>
    /// <param name="reason">A short code, e.g. <c>InvalidBody</c> (cut at <see cref="MaxDeadLetterTextLength"/>).</param>
    /// <param name="description">What went wrong, for a person; null for none. Never put secrets or prompts here.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns><see cref="SettleOutcome.Applied"/>, or <see cref="SettleOutcome.LockLost"/> when the lock was lost.</returns>
    /// <exception cref="ServiceBusRequestException">The request failed after the client's retries.</exception>
    public async Task<SettleOutcome> DeadLetterAsync(
        WorkQueueMessage message, string reason, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var outcome = await SettleAsync(
            "Dead-letter",
            message,
            received => _receiver.DeadLetterMessageAsync(received, Cut(reason), description is null ? null : Cut(description), cancellationToken))
            .ConfigureAwait(false);
        if (outcome == SettleOutcome.Applied)
        {
            Log.ServiceBusDeadLettered(_logger, message.Id, QueueName, reason);
        }

        return outcome;
    }

    /// <summary>Runs <paramref name="settle"/> on the received message behind <paramref name="message"/>'s lock token; a
    /// token this adapter does not hold, or the broker's lock-lost answer, is <see cref="SettleOutcome.LockLost"/>.</summary>
    private async Task<SettleOutcome> SettleAsync(
        string operation, WorkQueueMessage message, Func<ServiceBusReceivedMessage, Task> settle, bool keepTracking = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.LockToken, nameof(message));
        if (!_locked.TryGetValue(message.LockToken, out var received))
        {
            Log.ServiceBusLockLost(_logger, operation, message.Id, QueueName);
            return SettleOutcome.LockLost;
        }

        try
        {
            await settle(received).ConfigureAwait(false);
        }
        catch (ServiceBusException e) when (e.Reason is ServiceBusFailureReason.MessageLockLost or ServiceBusFailureReason.MessageNotFound)
        {
            _locked.TryRemove(message.LockToken, out _);
            Log.ServiceBusLockLost(_logger, operation, message.Id, QueueName);
            return SettleOutcome.LockLost;
        }
        catch (Exception e) when (ServiceBusRequestException.From(e, operation, FullyQualifiedNamespace, QueueName) is { } failure)
        {
            Log.ServiceBusRequestFailed(_logger, e, failure.Message);
            throw failure;
        }

        if (!keepTracking)
        {
            _locked.TryRemove(message.LockToken, out _);
        }

        return SettleOutcome.Applied;
    }

    private static string Cut(string text) => text.Length <= MaxDeadLetterTextLength ? text : text[..(MaxDeadLetterTextLength - 1)] + "…";
}
