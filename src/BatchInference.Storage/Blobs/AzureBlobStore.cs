using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Storage.Blobs;

/// <summary>
/// <see cref="IBlobStore"/> over the Azure.Storage.Blobs SDK: lost races (412, 409 <c>BlobAlreadyExists</c>, lease
/// conflicts) become outcomes, every other service failure a <see cref="BlobStorageException"/> whose message names
/// the operation and blob (never a key or SAS). Works against Azure Storage and Azurite. Thread-safe; share one.
/// </summary>
public sealed partial class AzureBlobStore : IBlobStore
{
    private readonly BlobServiceClient _service;
    private readonly BlobStoreOptions _options;
    private readonly ILogger _logger;

    /// <summary>Wraps a Blob service client (build it with <see cref="StorageClientOptions.ForBlobs"/>).</summary>
    /// <param name="service">The SDK client; its options carry retries and the service version.</param>
    /// <param name="options">Block size; defaults when null.</param>
    /// <param name="logger">Debug logging of commits and failed preconditions; none when null.</param>
    public AzureBlobStore(BlobServiceClient service, BlobStoreOptions? options = null, ILogger<AzureBlobStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        _service = service;
        _options = options ?? new BlobStoreOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The account's Blob endpoint.</summary>
    public Uri Endpoint => _service.Uri;

    /// <summary>A store on the account a connection string names, with the project's client options.</summary>
    /// <param name="connectionString">The connection string (key, SAS or <c>UseDevelopmentStorage=true</c>).</param>
    /// <param name="options">Block size; defaults when null.</param>
    /// <returns>The store.</returns>
    public static AzureBlobStore FromConnectionString(string connectionString, BlobStoreOptions? options = null) =>
        new(StorageAccount.FromConnectionString(connectionString).CreateBlobServiceClient(), options);

    /// <inheritdoc />
    public async Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        var client = Container(container);
        try
        {
            await client.CreateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCodes.ContainerAlreadyExists)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Create container", container, null);
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        var client = Container(container);
        try
        {
            await client.DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCodes.ContainerNotFound)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Delete container", container, null);
        }
    }

    private BlobContainerClient Container(string container)
    {
        BlobNames.ValidateContainer(container);
        return _service.GetBlobContainerClient(container);
    }

    private BlobClient Blob(string container, string blobName)
    {
        BlobNames.ValidateBlobName(blobName);
        return Container(container).GetBlobClient(blobName);
    }

    /// <summary>
    /// The exception for a failure that is not an outcome. Only the status, the error code and the first line of the
    /// service's message are kept: the SDK's full message lists headers and the request URL.
    /// </summary>
    private BlobStorageException Failure(RequestFailedException ex, string operation, string container, string? blobName)
    {
        var resource = blobName is null ? container : $"{container}/{blobName}";
        var firstLine = ex.Message.Split('\n', 2)[0].Trim();
        var message = $"{operation} {resource} failed: {ex.Status} {ex.ErrorCode}" + (firstLine.Length == 0 ? "." : $" ({firstLine})");
        Log.RequestFailed(_logger, operation, container, blobName ?? string.Empty, ex.Status, ex.ErrorCode);
        return new BlobStorageException(ex.Status, ex.ErrorCode, message);
    }

    /// <summary>
    /// One ETag form whatever the SDK call returned (its listing gives <c>0x8D…</c>, its headers <c>"0x8D…"</c>), so an
    /// ETag from a listing equals the same version's from a read; the SDK quotes it again when it sends a condition.
    /// </summary>
    private static ETag Unquoted(ETag etag) => etag == default ? etag : new(etag.ToString().Trim('"'));

    private static BlobRequestConditions? RequestConditions(BlobConditions? conditions) =>
        conditions is null
            ? null
            : new BlobRequestConditions { IfMatch = conditions.IfMatch, IfNoneMatch = conditions.IfNoneMatch, LeaseId = conditions.LeaseId };

    /// <summary>412 always means a condition (ETag or lease) did not hold; 409 <c>BlobAlreadyExists</c> does when the
    /// caller asked for If-None-Match (the service's answer to <c>If-None-Match: *</c> on an existing blob).</summary>
    private static bool IsPreconditionFailure(RequestFailedException ex, BlobConditions? conditions) =>
        ex.Status == 412
        || (ex.Status == 409 && conditions?.IfNoneMatch is not null && ex.ErrorCode == BlobErrorCodes.BlobAlreadyExists);
}
