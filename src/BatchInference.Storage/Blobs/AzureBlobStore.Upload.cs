using Azure;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using SdkUploadOptions = Azure.Storage.Blobs.Models.BlobUploadOptions;

namespace BatchInference.Storage.Blobs;

/// <summary>Uploads: the SDK sends content that fits in one block as one Put Blob and stages longer content block by
/// block (one block in memory), committing with Put Block List, where the conditions apply.</summary>
public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    public Task<BlobWriteResult> UploadAsync(
        string container, string blobName, BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return UploadAsync(container, blobName, options, (blob, upload) => blob.UploadAsync(content, upload, cancellationToken));
    }

    /// <inheritdoc />
    public Task<BlobWriteResult> UploadAsync(
        string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return UploadAsync(container, blobName, options, (blob, upload) => blob.UploadAsync(content, upload, cancellationToken));
    }

    private async Task<BlobWriteResult> UploadAsync(
        string container,
        string blobName,
        BlobUploadOptions? options,
        Func<Azure.Storage.Blobs.BlobClient, SdkUploadOptions, Task<Response<BlobContentInfo>>> upload)
    {
        var blob = Blob(container, blobName);
        if (options?.Metadata is { } metadata)
        {
            BlobMetadataRules.Validate(metadata);
        }

        var blockSize = options?.BlockSize ?? _options.BlockSize;
        if (blockSize is < 1 or > BlobStoreOptions.MaxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), blockSize, $"BlockSize must be between 1 and {BlobStoreOptions.MaxBlockSize} bytes.");
        }

        var sdkOptions = new SdkUploadOptions
        {
            HttpHeaders = options?.ContentType is { } contentType ? new BlobHttpHeaders { ContentType = contentType } : null,
            Metadata = options?.Metadata?.ToDictionary(pair => pair.Key, pair => pair.Value),
            Conditions = RequestConditions(options?.Conditions),
            // One block in flight and in memory at a time; the same size decides single-shot or staged.
            TransferOptions = new StorageTransferOptions { InitialTransferSize = blockSize, MaximumTransferSize = blockSize, MaximumConcurrency = 1 },
        };
        try
        {
            var response = await upload(blob, sdkOptions).ConfigureAwait(false);
            return BlobWriteResult.Success(Unquoted(response.Value.ETag), response.Value.LastModified);
        }
        catch (RequestFailedException ex) when (IsPreconditionFailure(ex, options?.Conditions))
        {
            Log.WritePreconditionFailed(_logger, "Upload", container, blobName, ex.ErrorCode);
            return BlobWriteResult.Failed(ex.ErrorCode ?? BlobErrorCodes.ConditionNotMet);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Upload", container, blobName);
        }
    }
}
