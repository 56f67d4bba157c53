using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BatchInference.Storage.Clients;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace BatchInference.Durable.Hosting;

/// <summary>
/// Builds the Azure Storage backend of a task hub, for a worker and for a client alike, so both read and write the same
/// queues and tables with the same clients.
/// </summary>
/// <remarks>
/// The backend makes its own Blob, Queue and Table clients. Left to itself it would use the SDKs' newest REST version,
/// which Azurite 3.37 refuses; it takes client providers instead, so the Blob and Queue clients get the version every
/// other client of this project is pinned to (<see cref="StorageClientOptions"/>). The Table SDK's default version
/// (2020-12-06) is one Azurite serves. Azurite is launched as before.
/// </remarks>
internal static class TaskHubService
{
    public static AzureStorageOrchestrationService Create(StorageAccount account, DurableTaskHubOptions options, string workerId, ILoggerFactory loggerFactory) =>
        new(Settings(account, options, workerId, loggerFactory));

    /// <summary>The framework's settings from <paramref name="options"/> (validated here).</summary>
    internal static AzureStorageOrchestrationServiceSettings Settings(StorageAccount account, DurableTaskHubOptions options, string workerId, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHubName,
            StorageAccountClientProvider = ClientProvider(account),
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            LeaseInterval = options.PartitionLeaseInterval,
            LeaseRenewInterval = options.PartitionLeaseRenewInterval,
            LeaseAcquireInterval = options.PartitionLeaseAcquireInterval,

            // The partition manager Durable Functions uses by default, so a local worker and the Functions app agree on
            // who owns a partition of the same task hub.
            UseTablePartitionManagement = true,

            // Starting an instance whose id is taken by a live one must fail loudly, as in Durable Functions; the
            // framework's default returns as if it had started it.
            ThrowExceptionOnInvalidDedupeStatus = true,

            WorkerId = workerId,
            LoggerFactory = loggerFactory,
        };
    }

    private static StorageAccountClientProvider ClientProvider(StorageAccount account)
    {
        var blobOptions = new BlobClientOptions(StorageClientOptions.BlobServiceVersion);
        var queueOptions = new QueueClientOptions(StorageClientOptions.QueueServiceVersion);
        var tableOptions = new TableClientOptions();
        if (account.ConnectionString is { } connectionString)
        {
            return new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(connectionString, blobOptions),
                StorageServiceClientProvider.ForQueue(connectionString, queueOptions),
                StorageServiceClientProvider.ForTable(WithoutTrailingSlashOnTableEndpoint(connectionString), tableOptions));
        }

        var credential = account.Credential ?? throw new InvalidOperationException("The storage account has neither a connection string nor a credential.");
        var queue = account.QueueEndpoint ?? throw new InvalidOperationException(
            "The task hub needs the storage account's queue endpoint: set Storage__queueServiceUri.");
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(account.BlobEndpoint, credential, blobOptions),
            StorageServiceClientProvider.ForQueue(queue, credential, queueOptions),
            StorageServiceClientProvider.ForTable(TableEndpoint(account.BlobEndpoint), credential, tableOptions));
    }

    // The Table SDK appends "/Tables" to the endpoint as given, so "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1/"
    // (Azurite's explicit form, as AzuriteInstance writes it) becomes ".../devstoreaccount1//Tables", which Azurite
    // rejects with a bare 400. The Blob and Queue SDKs normalise the slash themselves.
    internal static string WithoutTrailingSlashOnTableEndpoint(string connectionString) =>
        string.Join(';', connectionString.Split(';').Select(part =>
            part.TrimStart().StartsWith("TableEndpoint=", StringComparison.OrdinalIgnoreCase) ? part.TrimEnd().TrimEnd('/') : part));

    // An identity-based account names blob and queue endpoints only; the table endpoint of an Azure account follows from
    // the blob one (https://acct.blob.core.windows.net/ -> https://acct.table.core.windows.net/).
    private static Uri TableEndpoint(Uri blobEndpoint)
    {
        var host = blobEndpoint.Host;
        var at = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            throw new InvalidOperationException(
                $"Cannot derive the table endpoint from the blob endpoint {blobEndpoint}: use a connection string with TableEndpoint=…");
        }

        return new UriBuilder(blobEndpoint) { Host = string.Concat(host.AsSpan(0, at), ".table.", host.AsSpan(at + 6)) }.Uri;
    }
}
