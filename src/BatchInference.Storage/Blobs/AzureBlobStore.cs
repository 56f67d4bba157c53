using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using BatchInference.Storage.Auth;
using BatchInference.Storage.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> over the Blob service REST API on an Azure.Core pipeline (Shared Key, SAS or Entra ID;
/// Azure.Core retries). Works against Azure Storage and Azurite. Thread-safe; create one per account and share it.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly BlobStoreOptions _options;
    private readonly ILogger _logger;

    /// <summary>Connects with a connection string's account key (Shared Key) or SAS.</summary>
    /// <param name="connection">The parsed connection string.</param>
    /// <param name="options">Retry, block size and clock settings; defaults when null.</param>
    /// <param name="logger">Debug logging of commits and failed preconditions; none when null.</param>
    public AzureBlobStore(StorageConnectionString connection, BlobStoreOptions? options = null, ILogger<AzureBlobStore>? logger = null)
        : this(
            (connection ?? throw new ArgumentNullException(nameof(connection))).BlobEndpoint,
            options,
            logger,
            o => StorageHttpPipeline.Create(connection, o, o.TimeProvider))
    {
    }

    /// <summary>Connects with Entra ID tokens (e.g. a managed identity) to an HTTPS Blob endpoint.</summary>
    /// <param name="blobEndpoint">e.g. <c>https://acct.blob.core.windows.net/</c>.</param>
    /// <param name="credential">The token credential.</param>
    /// <param name="options">Retry and block size settings; defaults when null.</param>
    /// <param name="logger">Debug logging; none when null.</param>
    public AzureBlobStore(Uri blobEndpoint, TokenCredential credential, BlobStoreOptions? options = null, ILogger<AzureBlobStore>? logger = null)
        : this(
            blobEndpoint,
            options,
            logger,
            o => StorageHttpPipeline.Create(credential ?? throw new ArgumentNullException(nameof(credential)), o))
    {
    }

    private AzureBlobStore(Uri blobEndpoint, BlobStoreOptions? options, ILogger? logger, Func<BlobStoreOptions, HttpPipeline> pipeline)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        _options = options ?? new BlobStoreOptions();
        _options.Validate();
        _endpoint = blobEndpoint.AbsolutePath.EndsWith('/') ? blobEndpoint : new Uri(blobEndpoint.GetLeftPart(UriPartial.Path) + "/");
        _logger = logger ?? NullLogger.Instance;
        _pipeline = pipeline(_options);
    }

    /// <summary>Shorthand for <c>new AzureBlobStore(StorageConnectionString.Parse(connectionString), options)</c>.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <returns>The store.</returns>
    public static AzureBlobStore FromConnectionString(string connectionString, BlobStoreOptions? options = null) =>
        new(StorageConnectionString.Parse(connectionString), options);

    /// <inheritdoc />
    public async Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(container);
        using var message = CreateMessage(RequestMethod.Put, container, blobName: null, ("restype", "container"));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status == 201)
        {
            return true;
        }

        if (response.Status == 409 && BlobResponses.ErrorCodeOf(response, response.Content) == BlobErrorCodes.ContainerAlreadyExists)
        {
            return false;
        }

        throw await FailureAsync(response, "Create container", container, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(container);
        using var message = CreateMessage(RequestMethod.Delete, container, blobName: null, ("restype", "container"));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw await FailureAsync(response, "Delete container", container, null, cancellationToken).ConfigureAwait(false),
        };
    }

    private HttpMessage CreateMessage(RequestMethod method, string container, string? blobName, params (string Name, string Value)[] query)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(_endpoint);
        request.Uri.AppendPath(container, escape: false);
        if (blobName is not null)
        {
            request.Uri.AppendPath("/", escape: false);
            request.Uri.AppendPath(BlobNames.EscapeBlobName(blobName), escape: false);
        }

        foreach (var (name, value) in query)
        {
            request.Uri.AppendQuery(name, value, escapeValue: true);
        }

        return message;
    }

    private async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message.Response;
    }

    private async Task<BlobStorageException> FailureAsync(
        Response response, string operation, string container, string? blobName, CancellationToken cancellationToken)
    {
        var body = await BlobResponses.ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var failure = BlobResponses.Failure(response, body, operation, blobName is null ? container : $"{container}/{blobName}");
        Log.RequestFailed(_logger, operation, container, blobName ?? string.Empty, failure.Status, failure.ErrorCode);
        return failure;
    }

    private static void ApplyConditions(Request request, BlobConditions? conditions)
    {
        if (conditions is null)
        {
            return;
        }

        if (conditions.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue("If-Match", HeaderValue(ifMatch));
        }

        if (conditions.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.SetValue("If-None-Match", HeaderValue(ifNoneMatch));
        }

        if (conditions.LeaseId is { } leaseId)
        {
            request.Headers.SetValue("x-ms-lease-id", leaseId);
        }
    }

    private static string HeaderValue(ETag etag) => etag == ETag.All ? "*" : etag.ToString("H");

    private static void ApplyMetadata(Request request, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        foreach (var (name, value) in metadata)
        {
            request.Headers.SetValue(BlobMetadataRules.HeaderPrefix + name, value);
        }
    }

    /// <summary>412 always means a condition (ETag or lease) did not hold; 409 BlobAlreadyExists does when the
    /// caller asked for If-None-Match.</summary>
    private static bool IsPreconditionFailure(Response response, BlobConditions? conditions, out string? errorCode)
    {
        errorCode = null;
        if (response.Status == 412)
        {
            errorCode = BlobResponses.ErrorCodeOf(response, response.Content) ?? BlobErrorCodes.ConditionNotMet;
            return true;
        }

        if (response.Status == 409 && conditions?.IfNoneMatch is not null)
        {
            errorCode = BlobResponses.ErrorCodeOf(response, response.Content);
            return errorCode == BlobErrorCodes.BlobAlreadyExists;
        }

        return false;
    }
}
