using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// <see cref="IWorkQueue"/> over one Azure Service Bus queue, speaking the Service Bus REST API on an Azure.Core pipeline
/// (SAS from a connection string, or Entra ID; Azure.Core retries 429/503 honouring <c>Retry-After</c>). AMQP and the
/// Azure.Messaging.ServiceBus SDK are not available here, so this is HTTP only: one message per peek-lock request, and
/// the lock duration is the queue's own <c>LockDuration</c>. Thread-safe.
/// </summary>
/// <remarks>
/// Mapping onto <see cref="IWorkQueue"/>: a delay is a scheduled enqueue time; a lock is a peek-lock and its token
/// (opaque to callers) is <c>{SequenceNumber}/{LockToken}</c>; complete is Delete Message, abandon is Unlock Message,
/// renew is Renew-Lock. REST has no "abandon with delay" and no "dead-letter" verb: a delayed abandon sends a scheduled
/// copy and then completes the original (see <see cref="AbandonAsync"/>), and <see cref="DeadLetterAsync"/> moves a
/// message to a sibling queue with the dead-letter reason and description as properties (the queue's own
/// <c>$DeadLetterQueue</c> accepts only the broker's dead-letter gesture, which REST does not expose). Past the queue's
/// <c>MaxDeliveryCount</c> Service Bus still moves a message to <c>{queue}/$DeadLetterQueue</c> by itself.
/// </remarks>
public sealed partial class ServiceBusQueueClient : IWorkQueue
{
    /// <summary>The management API version used to read the queue description.</summary>
    public const string ManagementApiVersion = "2021-05";

    private readonly HttpPipeline _pipeline;
    private readonly string _namespaceRoot;
    private readonly Uri _queueUri;
    private readonly ServiceBusQueueOptions _options;
    private readonly ILogger _logger;

    /// <summary>Connects with a connection string's shared access key (SAS tokens signed per request).</summary>
    /// <param name="connection">The parsed connection string.</param>
    /// <param name="queueName">The queue; null to use the connection string's <c>EntityPath</c>.</param>
    /// <param name="options">Retry, lock, wait and clock settings; defaults when null.</param>
    /// <param name="logger">Debug logging of sends, receives and lost locks; none when null.</param>
    /// <exception cref="ArgumentException">No queue is named, or it differs from the connection string's EntityPath.</exception>
    public ServiceBusQueueClient(
        ServiceBusConnectionString connection, string? queueName = null, ServiceBusQueueOptions? options = null, ILogger<ServiceBusQueueClient>? logger = null)
        : this(
            (connection ?? throw new ArgumentNullException(nameof(connection))).Endpoint,
            QueueOf(connection, queueName),
            options,
            logger,
            o => ServiceBusHttpPipeline.Create(connection, o))
    {
    }

    /// <summary>Connects with Entra ID tokens (scope <c>https://servicebus.azure.net/.default</c>), e.g. a managed identity
    /// holding the Azure Service Bus Data Sender and Receiver roles.</summary>
    /// <param name="namespaceUri">e.g. <c>https://ns.servicebus.windows.net/</c>.</param>
    /// <param name="queueName">The queue.</param>
    /// <param name="credential">The token credential.</param>
    /// <param name="options">Retry, lock and wait settings; defaults when null.</param>
    /// <param name="logger">Debug logging; none when null.</param>
    public ServiceBusQueueClient(
        Uri namespaceUri, string queueName, TokenCredential credential, ServiceBusQueueOptions? options = null, ILogger<ServiceBusQueueClient>? logger = null)
        : this(
            namespaceUri,
            queueName,
            options,
            logger,
            o => ServiceBusHttpPipeline.Create(credential ?? throw new ArgumentNullException(nameof(credential)), o))
    {
    }

    private ServiceBusQueueClient(
        Uri namespaceUri, string queueName, ServiceBusQueueOptions? options, ILogger? logger, Func<ServiceBusQueueOptions, HttpPipeline> pipeline)
    {
        ArgumentNullException.ThrowIfNull(namespaceUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        _options = options ?? new ServiceBusQueueOptions();
        _options.Validate();
        _namespaceRoot = namespaceUri.GetLeftPart(UriPartial.Authority);
        _queueUri = EntityUri(queueName);
        QueueName = queueName;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = pipeline(_options);
    }

    /// <summary>The queue this client works on.</summary>
    public string QueueName { get; }

    /// <summary>Shorthand for <c>new ServiceBusQueueClient(ServiceBusConnectionString.Parse(connectionString), queueName, options)</c>.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="queueName">The queue; null to use the connection string's <c>EntityPath</c>.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <returns>The client.</returns>
    public static ServiceBusQueueClient FromConnectionString(string connectionString, string? queueName = null, ServiceBusQueueOptions? options = null) =>
        new(ServiceBusConnectionString.Parse(connectionString), queueName, options);

    /// <inheritdoc />
    /// <remarks>Active plus scheduled messages from the queue description (<c>CountDetails</c>), which Service Bus
    /// refreshes lazily. Needs Manage rights (SAS) or the Data Owner role (Entra ID).</remarks>
    /// <exception cref="ServiceBusRequestException">The queue does not exist (404), the credential lacks rights, or
    /// another failure.</exception>
    public async Task<long> GetApproximateCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = NewMessage(RequestMethod.Get, string.Empty);
        message.Request.Uri.AppendQuery("api-version", ManagementApiVersion);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw Failure(response.Status, "Get queue description");
        }

        return QueueDescriptionXml.ParseMessageCount(response.Content)
            ?? throw Failure(404, "Get queue description");
    }

    private static string QueueOf(ServiceBusConnectionString connection, string? queueName)
    {
        if (queueName is null)
        {
            return connection.EntityPath
                ?? throw new ArgumentException("The connection string has no EntityPath; name the queue.", nameof(queueName));
        }

        if (connection.EntityPath is { } entity && !string.Equals(entity, queueName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"The connection string is scoped to '{entity}'; its key cannot reach queue '{queueName}'.", nameof(queueName));
        }

        return queueName;
    }

    /// <param name="method">The HTTP method.</param>
    /// <param name="path">Appended to the queue's URL, already escaped: empty or <c>/messages…</c>.</param>
    /// <param name="entity">Another entity of the namespace (a sibling queue); this client's queue when null.</param>
    private HttpMessage NewMessage(RequestMethod method, string path, Uri? entity = null)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(entity ?? _queueUri);
        message.Request.Uri.AppendPath(path, escape: false);
        return message;
    }

    private Uri EntityUri(string queueName) =>
        new($"{_namespaceRoot}/{string.Join('/', queueName.Trim('/').Split('/').Select(Uri.EscapeDataString))}");

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    private ServiceBusRequestException Failure(int status, string operation, string? queueName = null)
    {
        queueName ??= QueueName;
        Log.ServiceBusRequestFailed(_logger, operation, queueName, status);
        var reason = status switch
        {
            401 => "the credential was refused: check the SAS key name and key (and that the token is not expired), or the identity's Service Bus data role",
            403 => "forbidden: quota exceeded, message too large, or the credential lacks the right (Send, Listen or Manage) for this operation",
            404 or 410 => "the queue does not exist",
            _ => "the service failed" + (status is 429 or >= 500 ? " after the configured retries" : string.Empty),
        };
        return new ServiceBusRequestException(status, $"{operation} on Service Bus queue '{queueName}' failed with {status}: {reason}.");
    }
}
