using System.Security.Cryptography;
using BatchInference.Storage.Queues;

namespace BatchInference.Testing.Fakes;

/// <summary>
/// <see cref="IWorkQueue"/> in memory with an Azure Storage Queue's semantics: a lock is a visibility timeout in whole
/// seconds (rounded up) on the injected clock, every receive raises the dequeue count and issues a new pop receipt that
/// retires the previous one, a settle with a retired receipt or on a message that is gone is
/// <see cref="SettleOutcome.LockLost"/>, and a message may carry a time-to-live. Thread-safe; one instance is one queue.
/// The contract tests in <c>BatchInference.Storage.Tests/Contracts</c> run the same cases against it and Azurite.
/// </summary>
public sealed class InMemoryWorkQueue : IWorkQueue
{
    /// <summary>The most messages one receive returns, as on the Queue service.</summary>
    public const int MaxMessagesPerReceive = 32;

    /// <summary>The largest body: 48 KiB, whose Base64 fills the Queue service's 64 KiB message text.</summary>
    public const int MaxBodyBytes = 48 * 1024;

    private readonly Lock _gate = new();
    private readonly List<StoredMessage> _messages = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan? _timeToLive;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="time">The clock of delays, locks and expiry.</param>
    /// <param name="messageTimeToLive">How long a message lives, received or not; null (the default, as for
    /// <see cref="StorageQueueOptions.MessageTimeToLive"/>) for never. Rounded up to whole seconds.</param>
    public InMemoryWorkQueue(TimeProvider time, TimeSpan? messageTimeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (messageTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(messageTimeToLive), ttl, "A time-to-live must be positive, or null for never.");
        }

        _time = time;
        _timeToLive = messageTimeToLive is { } t ? FakeStorageRules.Visibility(t, allowZero: false, nameof(messageTimeToLive)) : null;
    }

    /// <inheritdoc />
    public Task<QueueReceipt> SendAsync(BinaryData body, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.ToMemory().Length > MaxBodyBytes)
        {
            throw new ArgumentException($"A queue message carries at most {MaxBodyBytes} bytes.", nameof(body));
        }

        var hidden = FakeStorageRules.Visibility(delay, allowZero: true, nameof(delay));
        if (hidden >= _timeToLive)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "The delay must be shorter than the message time-to-live.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var message = new StoredMessage(
            Guid.NewGuid().ToString(), new BinaryData(body.ToArray()), now, now + _timeToLive, now + hidden, DequeueCount: 0, PopReceipt: null);
        lock (_gate)
        {
            _messages.Add(message);
        }

        return Task.FromResult(new QueueReceipt(message.Id, FakeStorageRules.Stamp(now), FakeStorageRules.Stamp(now) + hidden));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkQueueMessage>> ReceiveAsync(int maxMessages, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxMessagesPerReceive);
        var locked = FakeStorageRules.Visibility(lockDuration, allowZero: false, nameof(lockDuration));
        cancellationToken.ThrowIfCancellationRequested();
        var received = new List<WorkQueueMessage>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _messages.RemoveAll(m => m.IsExpiredAt(now));
            var visible = _messages.Select((m, i) => (Message: m, Index: i))
                .Where(x => x.Message.VisibleAt <= now)
                .OrderBy(x => x.Message.VisibleAt)
                .ThenBy(x => x.Index)
                .Take(maxMessages)
                .ToList();
            foreach (var (message, index) in visible)
            {
                var taken = message with { VisibleAt = now + locked, DequeueCount = message.DequeueCount + 1, PopReceipt = NewPopReceipt() };
                _messages[index] = taken;
                received.Add(new WorkQueueMessage(
                    taken.Id, taken.Body, taken.DequeueCount, FakeStorageRules.Stamp(taken.EnqueuedAt), FakeStorageRules.Stamp(taken.VisibleAt), taken.PopReceipt!));
            }
        }

        return Task.FromResult<IReadOnlyList<WorkQueueMessage>>(received);
    }

    /// <inheritdoc />
    public Task<SettleOutcome> CompleteAsync(WorkQueueMessage message, CancellationToken cancellationToken = default)
    {
        var outcome = Settle(message, cancellationToken, (_, _) => null) is null ? SettleOutcome.LockLost : SettleOutcome.Applied;
        return Task.FromResult(outcome);
    }

    /// <inheritdoc />
    public Task<SettleOutcome> AbandonAsync(WorkQueueMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var hidden = FakeStorageRules.Visibility(delay, allowZero: true, nameof(delay));
        var updated = Settle(message, cancellationToken, (stored, now) => stored with { VisibleAt = now + hidden, PopReceipt = NewPopReceipt() });
        return Task.FromResult(updated is null ? SettleOutcome.LockLost : SettleOutcome.Applied);
    }

    /// <inheritdoc />
    public Task<WorkQueueMessage?> RenewLockAsync(WorkQueueMessage message, TimeSpan lockDuration, CancellationToken cancellationToken = default)
    {
        var locked = FakeStorageRules.Visibility(lockDuration, allowZero: false, nameof(lockDuration));
        var updated = Settle(message, cancellationToken, (stored, now) => stored with { VisibleAt = now + locked, PopReceipt = NewPopReceipt() });
        return Task.FromResult(updated is null ? null : message with { LockToken = updated.PopReceipt!, NextVisibleAt = FakeStorageRules.Stamp(updated.VisibleAt) });
    }

    /// <inheritdoc />
    public Task<long> GetApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return Task.FromResult((long)_messages.Count(m => !m.IsExpiredAt(now)));
        }
    }

    /// <summary>
    /// Deletes (<paramref name="update"/> returns null) or updates the message if <paramref name="message"/>'s pop
    /// receipt is still its current one. A lapsed lock still settles as long as nobody received the message since.
    /// </summary>
    /// <returns>The message as now stored (itself when deleted), or null when the lock is lost.</returns>
    private StoredMessage? Settle(WorkQueueMessage message, CancellationToken cancellationToken, Func<StoredMessage, DateTimeOffset, StoredMessage?> update)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(message.LockToken, nameof(message));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var index = _messages.FindIndex(m => m.Id == message.Id && !m.IsExpiredAt(now));
            if (index < 0 || _messages[index].PopReceipt != message.LockToken)
            {
                return null;
            }

            var current = _messages[index];
            if (update(current, now) is { } updated)
            {
                _messages[index] = updated;
                return updated;
            }

            _messages.RemoveAt(index);
            return current;
        }
    }

    private static string NewPopReceipt() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
}
