using Azure;
using Azure.Storage.Blobs.Models;

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
        var blob = Blob(container, blobName);
        BlobMetadataRules.Validate(metadata);
        try
        {
            var response = await blob
                .SetMetadataAsync(metadata.ToDictionary(pair => pair.Key, pair => pair.Value), RequestConditions(conditions), cancellationToken)
                .ConfigureAwait(false);
            return BlobWriteResult.Success(Unquoted(response.Value.ETag), response.Value.LastModified);
        }
        catch (RequestFailedException ex) when (IsPreconditionFailure(ex, conditions))
        {
            Log.WritePreconditionFailed(_logger, "Set Blob Metadata", container, blobName, ex.ErrorCode);
            return BlobWriteResult.Failed(ex.ErrorCode ?? BlobErrorCodes.ConditionNotMet);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Set Blob Metadata", container, blobName);
        }
    }

    /// <inheritdoc />
    public async Task<BlobDeleteOutcome> DeleteIfExistsAsync(
        string container, string blobName, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(container, blobName);
        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, RequestConditions(conditions), cancellationToken).ConfigureAwait(false);
            return BlobDeleteOutcome.Deleted;
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCodes.BlobNotFound)
        {
            return BlobDeleteOutcome.NotFound;
        }
        catch (RequestFailedException ex) when (IsPreconditionFailure(ex, conditions))
        {
            Log.WritePreconditionFailed(_logger, "Delete Blob", container, blobName, ex.ErrorCode);
            return BlobDeleteOutcome.PreconditionFailed;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Delete Blob", container, blobName);
        }
    }
}
