using Azure.Core;

namespace BatchInference.Storage.Blobs;

/// <summary>Metadata writes and deletes, both conditional.</summary>
public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    public async Task<BlobWriteResult> SetMetadataAsync(
        string container,
        string blobName,
        IReadOnlyDictionary<string, string> metadata,
        BlobConditions? conditions = null,
        CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(container);
        BlobMetadataRules.Validate(metadata);
        using var message = CreateMessage(RequestMethod.Put, container, blobName, ("comp", "metadata"));
        ApplyMetadata(message.Request, metadata);
        ApplyConditions(message.Request, conditions);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return await WriteResultAsync(response, "Set Blob Metadata", container, blobName, conditions, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BlobDeleteOutcome> DeleteIfExistsAsync(
        string container, string blobName, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateContainer(container);
        using var message = CreateMessage(RequestMethod.Delete, container, blobName);
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        ApplyConditions(message.Request, conditions);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status == 202)
        {
            return BlobDeleteOutcome.Deleted;
        }

        if (response.Status == 404 && BlobResponses.ErrorCodeOf(response, response.Content) == BlobErrorCodes.BlobNotFound)
        {
            return BlobDeleteOutcome.NotFound;
        }

        if (IsPreconditionFailure(response, conditions, out var errorCode))
        {
            Log.WritePreconditionFailed(_logger, "Delete Blob", container, blobName, errorCode);
            return BlobDeleteOutcome.PreconditionFailed;
        }

        throw await FailureAsync(response, "Delete Blob", container, blobName, cancellationToken).ConfigureAwait(false);
    }
}
