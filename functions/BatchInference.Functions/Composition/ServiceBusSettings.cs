using Azure.Messaging.ServiceBus;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Composition;

/// <summary>
/// The engine's Service Bus work queue (<c>Engine__Queue=servicebus</c>): the namespace as the serviceBusTrigger
/// bindings' <c>ServiceBus</c> connection names it (<see cref="ServiceBusConnectionSettings"/>) and the queue
/// <c>ServiceBus:WorkQueue</c>.
/// </summary>
internal static class ServiceBusSettings
{
    /// <summary>The engine's work queue when <c>ServiceBus:WorkQueue</c> is not set; the work function.json files name it
    /// through <c>%ServiceBus__WorkQueue%</c>.</summary>
    public const string DefaultWorkQueue = "bi-work";

    /// <summary>The work queue's name (<c>ServiceBus:WorkQueue</c>).</summary>
    public static string WorkQueueName(IConfiguration configuration) =>
        configuration["ServiceBus:WorkQueue"] is { Length: > 0 } queue ? queue : DefaultWorkQueue;

    /// <summary>The adapter the engine sends its work through. The host's trigger receives and settles the messages
    /// (host.json's <c>extensions.serviceBus</c> sets its prefetch and lock renewal), so nothing here prefetches.</summary>
    /// <param name="configuration">The app settings.</param>
    /// <param name="client">The namespace's client; built from the settings when null (tests pass a recording one).</param>
    /// <param name="timeProvider">The clock for scheduled enqueue times.</param>
    /// <param name="loggers">Log sink.</param>
    /// <exception cref="InvalidOperationException">No usable setting; the message names what to set (never a key).</exception>
    public static ServiceBusWorkQueue CreateWorkQueue(
        IConfiguration configuration, ServiceBusClient? client, TimeProvider timeProvider, ILoggerFactory loggers)
    {
        var settings = ServiceBusConnectionSettings.From(configuration) ?? throw new InvalidOperationException(
            "Engine__Queue=servicebus needs a Service Bus namespace: set ServiceBus (a connection string) or ServiceBus__fullyQualifiedNamespace (managed identity).");
        return new ServiceBusWorkQueue(
            client ?? ServiceBusClientFactory.CreateClient(settings),
            WorkQueueName(configuration),
            options: new ServiceBusWorkQueueOptions { PrefetchCount = 0, TimeProvider = timeProvider },
            logger: loggers.CreateLogger<ServiceBusWorkQueue>());
    }
}
