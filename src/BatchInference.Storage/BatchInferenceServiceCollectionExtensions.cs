using BatchInference.Storage.Clients;
using BatchInference.Storage.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInference.Storage;

/// <summary>
/// The composition root both hosts (the <c>bi</c> CLI and the Functions app) share: every Azure client the pipeline
/// uses, registered with <c>AddAzureClients</c> from configuration, one section per client. It lives in this project
/// because this project owns every Azure client adapter (Blob, Queue, Service Bus) and both hosts reference it.
/// </summary>
public static class BatchInferenceServiceCollectionExtensions
{
    /// <summary>Registers the pipeline's Azure clients: storage (section <c>Storage</c>, see
    /// <see cref="StorageSettings"/>) and, when a namespace is configured, Service Bus (section <c>ServiceBus</c>, see
    /// <see cref="ServiceBus.ServiceBusConnectionSettings"/>).</summary>
    /// <param name="services">The service collection (needs logging).</param>
    /// <param name="configuration">The settings.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    public static IServiceCollection AddBatchInference(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBatchInferenceStorage(configuration);
        services.AddServiceBusClients(configuration);
        return services;
    }
}
