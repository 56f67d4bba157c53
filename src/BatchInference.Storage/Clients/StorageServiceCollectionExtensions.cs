using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchInference.Storage.Clients;

/// <summary>The storage part of the composition root: the Blob and Queue SDK clients, registered the standard way.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="BlobServiceClient"/>, <see cref="QueueServiceClient"/> (when the account has a queue
    /// endpoint) through <c>AddAzureClients</c>, with Entra ID (<c>DefaultAzureCredential</c>, set by <c>UseCredential</c>) where the
    /// settings give no key, the project's options (<see cref="StorageClientOptions"/>: pinned service version, one
    /// retry layer), and <see cref="StorageClients"/>, the adapters over them. Settings: see <see cref="StorageSettings"/>.
    /// </summary>
    /// <param name="services">The service collection (needs logging).</param>
    /// <param name="configuration">The settings.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException">The storage settings are missing or invalid; the message names them.</exception>
    public static IServiceCollection AddBatchInferenceStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var account = StorageSettings.Read(configuration);
        services.AddSingleton(account);
        services.AddAzureClients(clients =>
        {
            if (account.Credential is { } credential)
            {
                clients.UseCredential(credential);
            }

            (account.ConnectionString is { } blobConnection ? clients.AddBlobServiceClient(blobConnection) : clients.AddBlobServiceClient(account.BlobEndpoint))
                .WithVersion(StorageClientOptions.BlobServiceVersion)
                .ConfigureOptions(options => StorageClientOptions.Apply(options));
            if (account.QueueEndpoint is { } queueEndpoint)
            {
                (account.ConnectionString is { } queueConnection ? clients.AddQueueServiceClient(queueConnection) : clients.AddQueueServiceClient(queueEndpoint))
                    .WithVersion(StorageClientOptions.QueueServiceVersion)
                    .ConfigureOptions(options => StorageClientOptions.Apply(options));
            }
        });
        services.AddSingleton(provider => new StorageClients(
            account,
            provider.GetRequiredService<BlobServiceClient>(),
            account.QueueEndpoint is null ? null : provider.GetRequiredService<QueueServiceClient>(),
            provider.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
