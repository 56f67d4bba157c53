using Azure;
using Azure.Storage.Queues;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.Queues;

/// <summary>
/// <see cref="IWorkQueue"/> over one Azure Storage Queue through the Azure.Storage.Queues SDK. A lock is the message's
/// visibility timeout and its token the pop receipt; a delay is the initial visibility timeout. Bodies travel
/// Base64-encoded, so at most <see cref="MaxBodyBytes"/> bytes fit; text that is not Base64 (a plain-JSON message put by
/// another tool) is received as its UTF-8 bytes. Lost locks are outcomes; other failures throw
/// <see cref="QueueStorageException"/>. Works against Azure Storage and Azurite. Thread-safe.
/// </summary>
public sealed partial class StorageQueueClient : IWorkQueue
{
    /// <summary>The most messages one receive returns (the service's <c>numofmessages</c> limit).</summary>
    public const int MaxMessagesPerReceive = 32;

    /// <summary>The largest body a message carries: 48 KiB, whose Base64 fills the service's 64 KiB message text.</summary>
    public const int MaxBodyBytes = MaxMessageTextLength / 4 * 3;

    private const int MaxMessageTextLength = 64 * 1024;

    // Queue service error codes this client branches on.
    private const string QueueAlreadyExists = "QueueAlreadyExists";
    private const string QueueNotFound = "QueueNotFound";
    private const string MessageNotFound = "MessageNotFound";
    private const string PopReceiptMismatch = "PopReceiptMismatch";

    private readonly QueueClient _queue;
    private readonly StorageQueueOptions _options;
    private readonly ILogger _logger;

    /// <summary>Wraps a queue client. Build it from a service client made with
    /// <see cref="StorageClientOptions.ForQueues"/>: this adapter does the Base64 itself, so the SDK must not.</summary>
    /// <param name="queue">The SDK client; its options carry retries and the service version.</param>
    /// <param name="options">Time-to-live settings; defaults when null.</param>
    /// <param name="logger">Debug logging of sends, receives, lost locks and failures; none when null.</param>
    public StorageQueueClient(QueueClient queue, StorageQueueOptions? options = null, ILogger<StorageQueueClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        QueueNames.Validate(queue.Name);
        _queue = queue;
        _options = options ?? new StorageQueueOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The queue this client works on.</summary>
    public string QueueName => _queue.Name;

    /// <summary>A client for <paramref name="queueName"/> on the account a connection string names.</summary>
    /// <param name="connectionString">The connection string (key, SAS or <c>UseDevelopmentStorage=true</c>).</param>
    /// <param name="queueName">The queue.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <returns>The client.</returns>
    public static StorageQueueClient FromConnectionString(string connectionString, string queueName, StorageQueueOptions? options = null) =>
        new(StorageAccount.FromConnectionString(connectionString).CreateQueueServiceClient().GetQueueClient(queueName), options);

    /// <summary>Creates the queue unless it exists.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>True when this call created it, false when it already existed.</returns>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // 201 created; 204 it exists with the same (no) metadata. 409 QueueAlreadyExists: with other metadata.
            var response = await _queue.CreateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Status == 201;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueAlreadyExists)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Create queue");
        }
    }

    /// <summary>Deletes the queue and every message in it, if it exists.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>True when this call deleted it, false when there was no such queue.</returns>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _queue.DeleteAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueNotFound)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Delete queue");
        }
    }

    /// <inheritdoc />
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public async Task<long> GetApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var properties = await _queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            return properties.Value.ApproximateMessagesCountLong;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Get queue metadata");
        }
    }

    /// <summary>
    /// The exception for a failure that is not a lost lock: status, error code and the first line of the service's
    /// message only (the SDK's full message lists headers and the request URL with its pop receipt).
    /// </summary>
    private QueueStorageException Failure(RequestFailedException ex, string operation)
    {
        var firstLine = ex.Message.Split('\n', 2)[0].Trim();
        var message = $"{operation} queue '{QueueName}' failed: {ex.Status} {ex.ErrorCode}" + (firstLine.Length == 0 ? "." : $" ({firstLine})");
        Log.QueueRequestFailed(_logger, operation, QueueName, ex.Status, ex.ErrorCode);
        return new QueueStorageException(ex.Status, ex.ErrorCode, message);
    }
}
