using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using BatchInference.Storage.Auth;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.Queues;

/// <summary>
/// <see cref="IWorkQueue"/> over one Azure Storage Queue, speaking the Queue service REST API on an Azure.Core
/// pipeline (Shared Key, SAS or Entra ID; Azure.Core retries). Works against Azure Storage and Azurite. A lock is the
/// message's visibility timeout and its token the pop receipt; a delay is the initial visibility timeout. Bodies
/// travel Base64-encoded in <c>MessageText</c>, so at most <see cref="MaxBodyBytes"/> bytes fit. Thread-safe.
/// </summary>
public sealed partial class StorageQueueClient : IWorkQueue
{
    /// <summary>The most messages one receive returns (the service's <c>numofmessages</c> limit).</summary>
    public const int MaxMessagesPerReceive = 32;

    /// <summary>The largest body a message carries: 48 KiB, whose Base64 fills the service's 64 KiB message text.</summary>
    public const int MaxBodyBytes = MaxMessageTextLength / 4 * 3;

    private const int MaxMessageTextLength = 64 * 1024;

    // Queue service error codes this client branches on.
    private const string QueueNotFound = "QueueNotFound";
    private const string QueueAlreadyExists = "QueueAlreadyExists";
    private const string MessageNotFound = "MessageNotFound";
    private const string PopReceiptMismatch = "PopReceiptMismatch";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _queueUri;
    private readonly StorageQueueOptions _options;
    private readonly ILogger _logger;

    /// <summary>Connects with a connection string's account key (Shared Key) or SAS.</summary>
    /// <param name="connection">The parsed connection string; it must name or imply a queue endpoint.</param>
    /// <param name="queueName">The queue (3-63 lowercase letters, digits and single hyphens).</param>
    /// <param name="options">Retry, time-to-live and clock settings; defaults when null.</param>
    /// <param name="logger">Debug logging of sends, receives, lost locks and failures; none when null.</param>
    public StorageQueueClient(
        StorageConnectionString connection, string queueName, StorageQueueOptions? options = null, ILogger<StorageQueueClient>? logger = null)
        : this(
            QueueEndpointOf(connection),
            queueName,
            options,
            logger,
            o => StorageHttpPipeline.Create(connection, o, o.TimeProvider))
    {
    }

    /// <summary>Connects with Entra ID tokens (e.g. a managed identity) to an HTTPS Queue endpoint.</summary>
    /// <param name="queueEndpoint">e.g. <c>https://acct.queue.core.windows.net/</c>.</param>
    /// <param name="queueName">The queue (3-63 lowercase letters, digits and single hyphens).</param>
    /// <param name="credential">The token credential.</param>
    /// <param name="options">Retry and time-to-live settings; defaults when null.</param>
    /// <param name="logger">Debug logging; none when null.</param>
    public StorageQueueClient(
        Uri queueEndpoint, string queueName, TokenCredential credential, StorageQueueOptions? options = null, ILogger<StorageQueueClient>? logger = null)
        : this(
            queueEndpoint,
            queueName,
            options,
            logger,
            o => StorageHttpPipeline.Create(credential ?? throw new ArgumentNullException(nameof(credential)), o))
    {
    }

    private StorageQueueClient(
        Uri queueEndpoint, string queueName, StorageQueueOptions? options, ILogger? logger, Func<StorageQueueOptions, HttpPipeline> pipeline)
    {
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        QueueNames.Validate(queueName);
        _options = options ?? new StorageQueueOptions();
        _options.Validate();
        var root = queueEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _queueUri = new Uri($"{root}/{queueName}");
        QueueName = queueName;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = pipeline(_options);
    }

    /// <summary>The queue this client works on.</summary>
    public string QueueName { get; }

    /// <summary>Shorthand for <c>new StorageQueueClient(StorageConnectionString.Parse(connectionString), queueName, options)</c>.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="queueName">The queue.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <returns>The client.</returns>
    public static StorageQueueClient FromConnectionString(string connectionString, string queueName, StorageQueueOptions? options = null) =>
        new(StorageConnectionString.Parse(connectionString), queueName, options);

    /// <summary>Creates the queue unless it exists.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>True when this call created it, false when it already existed.</returns>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Put, string.Empty);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 => true,
            // 204: it exists with the same (no) metadata; 409 QueueAlreadyExists: it exists with other metadata.
            204 => false,
            409 when ErrorCodeOf(response) == QueueAlreadyExists => false,
            _ => throw await FailureAsync(response, "Create queue", cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Deletes the queue and every message in it, if it exists.</summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>True when this call deleted it, false when there was no such queue.</returns>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Delete, string.Empty);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            204 => true,
            404 when ErrorCodeOf(response) == QueueNotFound => false,
            _ => throw await FailureAsync(response, "Delete queue", cancellationToken).ConfigureAwait(false),
        };
    }

    /// <inheritdoc />
    /// <exception cref="QueueStorageException">The queue does not exist, or another service failure.</exception>
    public async Task<long> GetApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Get, string.Empty);
        message.Request.Uri.AppendQuery("comp", "metadata");
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw await FailureAsync(response, "Get queue metadata", cancellationToken).ConfigureAwait(false);
        }

        return response.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            && long.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new InvalidDataException("The Queue service's metadata answer has no x-ms-approximate-messages-count.");
    }

    private static Uri QueueEndpointOf(StorageConnectionString connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.QueueEndpoint
            ?? throw new ArgumentException($"The connection string for account '{connection.AccountName}' names no queue endpoint.", nameof(connection));
    }

    /// <param name="method">The HTTP method.</param>
    /// <param name="path">Appended to the queue's URL: empty, <c>/messages</c> or <c>/messages/{id}</c>.</param>
    private HttpMessage NewMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(_queueUri);
        message.Request.Uri.AppendPath(path, escape: false);
        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    private static string? ErrorCodeOf(Response response) => BlobResponses.ErrorCodeOf(response, response.Content);

    /// <summary>The Blob and Queue services share one error format, so the blob code reads it; the result is re-typed.</summary>
    private async Task<QueueStorageException> FailureAsync(Response response, string operation, CancellationToken cancellationToken)
    {
        var body = await BlobResponses.ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var failure = BlobResponses.Failure(response, body, operation, $"queue '{QueueName}'");
        Log.QueueRequestFailed(_logger, operation, QueueName, failure.Status, failure.ErrorCode);
        return new QueueStorageException(failure.Status, failure.ErrorCode, failure.Message);
    }
}
