namespace BatchInference.Storage.Queues;

/// <summary>
/// Settings of <see cref="StorageQueueClient"/> itself. Retries, timeouts and the service version belong to the SDK
/// client it wraps (<see cref="Clients.StorageClientOptions"/>): a retried send whose first attempt landed enqueues the
/// message twice, which idempotent handlers absorb.
/// </summary>
public sealed class StorageQueueOptions
{
    /// <summary>
    /// How long a sent message lives before the service deletes it, received or not; null (the default) for never
    /// (<c>messagettl=-1</c>), which is what work items and durable timers want. Whole seconds (rounded up), at least
    /// 1 s, and it must exceed any send delay.
    /// </summary>
    public TimeSpan? MessageTimeToLive { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MessageTimeToLive is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MessageTimeToLive), ttl, "MessageTimeToLive must be positive, or null for messages that never expire.");
        }
    }
}
