namespace BatchInference.Storage.ServiceBus;

/// <summary>Settings of <see cref="ServiceBusWorkQueue"/>; the SDK's retry figures are the client's
/// (<see cref="ServiceBusClientFactory.DefaultRetryOptions"/>).</summary>
public sealed class ServiceBusWorkQueueOptions
{
    /// <summary>
    /// Messages the receiver fetches ahead into its buffer (<c>ServiceBusReceiverOptions.PrefetchCount</c>), so a
    /// worker's next receive is answered from memory. Default 8, as <c>Worker:MaxConcurrentMessages</c>. A prefetched
    /// message is locked already and its lock runs while it waits in the buffer: keep this near the worker's concurrency.
    /// </summary>
    public int PrefetchCount { get; set; } = 8;

    /// <summary>
    /// How long a receive waits for the first message when none is buffered. AMQP receives are long polls and the SDK
    /// refuses a zero wait, so <see cref="Queues.IWorkQueue.ReceiveAsync"/> "returns without waiting" within this
    /// bound. Default 1 second.
    /// </summary>
    public TimeSpan ReceiveWaitTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a sent message lives; null (the default) for the queue's <c>DefaultMessageTimeToLive</c>.</summary>
    public TimeSpan? MessageTimeToLive { get; set; }

    /// <summary>Clock for scheduled enqueue times and receipts. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(PrefetchCount);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReceiveWaitTime, TimeSpan.Zero);
        if (MessageTimeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(MessageTimeToLive));
        }
    }
}
