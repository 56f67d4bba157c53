using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BatchInference.Storage.ServiceBus;

/// <summary>Registers the Service Bus clients for a host's composition root.</summary>
public static class ServiceBusServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ServiceBusConnectionSettings"/>, <see cref="ServiceBusClient"/> and
    /// <see cref="ServiceBusAdministrationClient"/> as singletons built by <see cref="ServiceBusClientFactory"/> from the
    /// <c>ServiceBus</c> settings; the container disposes the client (and its AMQP connection) with itself, and must be
    /// disposed with <c>DisposeAsync</c> (the client is only <see cref="IAsyncDisposable"/>). Nothing is
    /// registered when no namespace is configured, so a host without Service Bus resolves none.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="InvalidOperationException">A Service Bus setting is malformed (checked here, at start).</exception>
    public static IServiceCollection AddServiceBusClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (ServiceBusConnectionSettings.From(configuration) is not { } settings)
        {
            return services;
        }

        services.TryAddSingleton(settings);
        services.TryAddSingleton(provider => ServiceBusClientFactory.CreateClient(provider.GetRequiredService<ServiceBusConnectionSettings>()));
        services.TryAddSingleton(provider => ServiceBusClientFactory.CreateAdministrationClient(provider.GetRequiredService<ServiceBusConnectionSettings>()));
        return services;
    }
}
