namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// The properties <see cref="ServiceBusQueueClient.CreateIfNotExistsAsync"/> gives a new queue (a <c>QueueDescription</c>
/// in the Atom entry of "Create or Update Entity"). Everything left null takes the service's default. They apply at
/// creation only: an existing queue keeps its own.
/// </summary>
public sealed record ServiceBusQueueDescription
{
    /// <summary>How long a peek-lock holds a message (the service allows up to 5 minutes; default 1 minute).</summary>
    public TimeSpan? LockDuration { get; init; }

    /// <summary>Deliveries before Service Bus moves a message to the queue's <c>$DeadLetterQueue</c> (default 10).</summary>
    public int? MaxDeliveryCount { get; init; }

    /// <summary>How long a message lives when it sets no time-to-live of its own.</summary>
    public TimeSpan? DefaultMessageTimeToLive { get; init; }

    /// <summary>Whether an expired message goes to the dead-letter queue instead of being dropped.</summary>
    public bool? DeadLetteringOnMessageExpiration { get; init; }

    /// <summary>Whether a second send of the same MessageId within <see cref="DuplicateDetectionHistoryTimeWindow"/> is
    /// dropped (settable only at creation).</summary>
    public bool? RequiresDuplicateDetection { get; init; }

    /// <summary>How long message ids are remembered for duplicate detection.</summary>
    public TimeSpan? DuplicateDetectionHistoryTimeWindow { get; init; }

    /// <summary>The engine's work queue as <c>infra-bicep/modules/servicebus.bicep</c> declares it: 1-minute locks, 5
    /// deliveries (as <c>Worker:MaxDeliveryCount</c>), 14-day time-to-live, dead-lettering on expiry.</summary>
    public static ServiceBusQueueDescription WorkQueue { get; } = new()
    {
        LockDuration = TimeSpan.FromMinutes(1),
        MaxDeliveryCount = 5,
        DefaultMessageTimeToLive = TimeSpan.FromDays(14),
        DeadLetteringOnMessageExpiration = true,
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first value the service would refuse.</summary>
    public void Validate()
    {
        if (LockDuration is { } lockDuration && (lockDuration < TimeSpan.FromSeconds(5) || lockDuration > TimeSpan.FromMinutes(5)))
        {
            throw new ArgumentOutOfRangeException(nameof(LockDuration), lockDuration, "LockDuration must be 5 seconds to 5 minutes.");
        }

        if (MaxDeliveryCount is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDeliveryCount), MaxDeliveryCount, "MaxDeliveryCount must be at least 1.");
        }

        if (DefaultMessageTimeToLive is { } ttl && ttl < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultMessageTimeToLive), ttl, "DefaultMessageTimeToLive must be at least 1 second.");
        }

        if (DuplicateDetectionHistoryTimeWindow is { } window && (window < TimeSpan.FromSeconds(20) || window > TimeSpan.FromDays(7)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(DuplicateDetectionHistoryTimeWindow), window, "DuplicateDetectionHistoryTimeWindow must be 20 seconds to 7 days.");
        }
    }
}
