using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace BatchInference.Storage.Clients;

/// <summary>
/// The account's SDK clients as the composition root registered them, and the project's adapters over them: the blob
/// store and a queue client per queue name. Registered by
/// <see cref="StorageServiceCollectionExtensions.AddBatchInferenceStorage"/>.
/// </summary>
public sealed class StorageClients
{
    private readonly QueueServiceClient? _queues;
    private readonly ILoggerFactory _loggers;

    /// <summary>Creates the set over clients already built.</summary>
    /// <param name="account">The account the clients talk to.</param>
    /// <param name="blobs">The Blob service client.</param>
    /// <param name="queues">The Queue service client, or null when the account names no queue endpoint.</param>
    /// <param name="loggers">Log sink of the adapters.</param>
    public StorageClients(StorageAccount account, BlobServiceClient blobs, QueueServiceClient? queues, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(loggers);
        Account = account;
        BlobService = blobs;
        _queues = queues;
        _loggers = loggers;
    }

    /// <summary>The account (endpoints and how requests are signed).</summary>
    public StorageAccount Account { get; }

    /// <summary>The Blob service client.</summary>
    public BlobServiceClient BlobService { get; }

    /// <summary>The blob store over <see cref="BlobService"/>.</summary>
    /// <param name="options">Block size; defaults when null.</param>
    /// <returns>The store.</returns>
    public AzureBlobStore CreateBlobStore(BlobStoreOptions? options = null) =>
        new(BlobService, options, _loggers.CreateLogger<AzureBlobStore>());

    /// <summary>A client for one queue (not created).</summary>
    /// <param name="queueName">The queue (3-63 lowercase letters, digits and single hyphens).</param>
    /// <param name="options">Time-to-live; defaults when null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">The settings name no queue endpoint.</exception>
    public StorageQueueClient CreateQueue(string queueName, StorageQueueOptions? options = null)
    {
        var service = _queues ?? throw new InvalidOperationException("The storage settings name no queue endpoint (QueueEndpoint=… or Storage__queueServiceUri).");
        return new StorageQueueClient(service.GetQueueClient(queueName), options, _loggers.CreateLogger<StorageQueueClient>());
    }

    /// <summary>The same account with other retries (e.g. <see cref="StorageClientOptions.FailFast"/> for a check
    /// whose caller retries): new SDK clients from <see cref="StorageClientOptions"/>.</summary>
    /// <param name="retry">Adjusts the retries after the project's defaults.</param>
    /// <returns>The clients.</returns>
    public StorageClients WithRetry(Action<RetryOptions> retry) =>
        new(
            Account,
            Account.CreateBlobServiceClient(StorageClientOptions.ForBlobs(retry)),
            _queues is null ? null : Account.CreateQueueServiceClient(StorageClientOptions.ForQueues(retry)),
            _loggers);
}
