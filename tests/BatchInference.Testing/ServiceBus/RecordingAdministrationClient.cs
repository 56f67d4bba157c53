using System.Collections.Concurrent;
using Azure;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;

namespace BatchInference.Testing.ServiceBus;

/// <summary>A <see cref="ServiceBusAdministrationClient"/> double over an in-memory set of queues.</summary>
public sealed class RecordingAdministrationClient : ServiceBusAdministrationClient
{
    public ConcurrentDictionary<string, CreateQueueOptions> Queues { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<CreateQueueOptions> Created { get; } = new();

    /// <summary>Another caller creates the queue between our existence check and our create.</summary>
    public bool LoseCreateRace { get; set; }

    /// <summary>What <see cref="GetQueueRuntimePropertiesAsync"/> reports: active and scheduled messages.</summary>
    public (long Active, long Scheduled) Counts { get; set; }

    public override Task<Response<bool>> QueueExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Response.FromValue(Queues.ContainsKey(name), null!));

    public override Task<Response<QueueProperties>> CreateQueueAsync(CreateQueueOptions options, CancellationToken cancellationToken = default)
    {
        if (LoseCreateRace || !Queues.TryAdd(options.Name, options))
        {
            throw new ServiceBusException($"Queue {options.Name} exists.", ServiceBusFailureReason.MessagingEntityAlreadyExists);
        }

        Created.Enqueue(options);
        return Task.FromResult(Response.FromValue<QueueProperties>(null!, null!));
    }

    public override Task<Response<QueueRuntimeProperties>> GetQueueRuntimePropertiesAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Response.FromValue(
            ServiceBusModelFactory.QueueRuntimeProperties(
                name, activeMessageCount: Counts.Active, scheduledMessageCount: Counts.Scheduled, deadLetterMessageCount: 0,
                transferDeadLetterMessageCount: 0, transferMessageCount: 0, totalMessageCount: Counts.Active + Counts.Scheduled,
                sizeInBytes: 0, createdAt: default, updatedAt: default, accessedAt: default),
            null!));
}
