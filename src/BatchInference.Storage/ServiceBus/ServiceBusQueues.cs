using Azure.Messaging.ServiceBus.Administration;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// The queues as <c>infra-bicep/modules/servicebus.bicep</c> declares them, for creating them where no deployment does
/// (a development namespace): <see cref="ServiceBusWorkQueue.CreateIfNotExistsAsync"/> takes these.
/// </summary>
public static class ServiceBusQueues
{
    /// <summary>The engine's work queue: 1-minute locks (<c>Worker:LockDuration</c>), 5 deliveries
    /// (<c>Worker:MaxDeliveryCount</c>), 14-day time-to-live with dead-lettering on expiry.</summary>
    /// <param name="name">The queue's name.</param>
    /// <returns>New options (the SDK's are mutable).</returns>
    public static CreateQueueOptions WorkQueue(string name) => new(name)
    {
        LockDuration = TimeSpan.FromMinutes(1),
        MaxDeliveryCount = 5,
        DefaultMessageTimeToLive = TimeSpan.FromDays(14),
        DeadLetteringOnMessageExpiration = true,
    };

    /// <summary>The job-message queue (<c>batch-jobs</c>): 5-minute locks, 5 deliveries, 14 days with dead-lettering on
    /// expiry, and duplicate detection over 10 minutes, so a re-sent job message (same MessageId) is dropped.</summary>
    /// <param name="name">The queue's name.</param>
    /// <returns>New options.</returns>
    public static CreateQueueOptions JobsQueue(string name) => new(name)
    {
        LockDuration = TimeSpan.FromMinutes(5),
        MaxDeliveryCount = 5,
        DefaultMessageTimeToLive = TimeSpan.FromDays(14),
        DeadLetteringOnMessageExpiration = true,
        RequiresDuplicateDetection = true,
        DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10),
    };
}
