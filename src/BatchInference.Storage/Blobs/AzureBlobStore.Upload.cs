using System.Buffers;
using System.Text;
using Azure;
using Azure.Core;

namespace BatchInference.Storage.Blobs;

/// <summary>Uploads: one Put Blob for content that fits in a block, staged blocks plus Put Block List otherwise.</summary>
public sealed partial class AzureBlobStore
{
    // Put Block List accepts at most this many blocks per blob.
    private const int MaxBlocks = 50_000;

    /// <inheritdoc />
    public async Task<BlobWriteResult> UploadAsync(
        string container, string blobName, BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var memory = content.ToMemory();
        if (memory.Length <= BlockSizeFor(options))
        {
            ValidateUpload(container, blobName, options);
            return await PutBlobAsync(container, blobName, memory, options, cancellationToken).ConfigureAwait(false);
        }

        using var stream = content.ToStream();
        return await UploadAsync(container, blobName, stream, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<BlobWriteResult> UploadAsync(
        string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ValidateUpload(container, blobName, options);
        var blockSize = BlockSizeFor(options);
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            var filled = await content.ReadAtLeastAsync(buffer.AsMemory(0, blockSize), blockSize, throwOnEndOfStream: false, cancellationToken)
                .ConfigureAwait(false);
            var next = new byte[1];
            var more = filled == blockSize
                && await content.ReadAsync(next, cancellationToken).ConfigureAwait(false) == 1;
            if (!more)
            {
                return await PutBlobAsync(container, blobName, buffer.AsMemory(0, filled), options, cancellationToken).ConfigureAwait(false);
            }

            return await StageAndCommitAsync(container, blobName, content, buffer, blockSize, next[0], options, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<BlobWriteResult> PutBlobAsync(
        string container, string blobName, ReadOnlyMemory<byte> content, BlobUploadOptions? options, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Put, container, blobName);
        var request = message.Request;
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        ApplyBlobHeaders(request, options);
        request.Content = RequestContent.Create(content);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return await WriteResultAsync(response, "Put Blob", container, blobName, options?.Conditions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stages the first (full) block already in <paramref name="buffer"/>, then reads and stages one block at a time,
    /// so memory stays at one block whatever the stream's length. The conditions apply to the final commit.
    /// </summary>
    private async Task<BlobWriteResult> StageAndCommitAsync(
        string container,
        string blobName,
        Stream content,
        byte[] buffer,
        int blockSize,
        byte carried,
        BlobUploadOptions? options,
        CancellationToken cancellationToken)
    {
        // Ids must have one length per blob; a per-upload prefix keeps a failed earlier attempt's blocks apart.
        var uploadId = Guid.NewGuid().ToString("N");
        var blockIds = new List<string>();
        var leaseId = options?.Conditions?.LeaseId;
        long total = 0;
        var filled = blockSize;
        var pending = 0;
        while (true)
        {
            if (blockIds.Count == MaxBlocks)
            {
                throw new ArgumentException(
                    $"The content needs more than {MaxBlocks} blocks of {blockSize} bytes; use a larger BlockSize.", nameof(content));
            }

            var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(FormattableString.Invariant($"{uploadId}-{blockIds.Count:D6}")));
            await PutBlockAsync(container, blobName, blockId, buffer.AsMemory(0, filled), leaseId, cancellationToken).ConfigureAwait(false);
            blockIds.Add(blockId);
            total += filled;
            if (filled < blockSize)
            {
                break;
            }

            if (blockIds.Count == 1)
            {
                // The byte read to learn that the stream goes on starts the second block.
                buffer[0] = carried;
                pending = 1;
            }

            filled = pending + await content
                .ReadAtLeastAsync(buffer.AsMemory(pending, blockSize - pending), blockSize - pending, throwOnEndOfStream: false, cancellationToken)
                .ConfigureAwait(false);
            pending = 0;
            if (filled == 0)
            {
                break;
            }
        }

        var result = await PutBlockListAsync(container, blobName, blockIds, options, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            Log.StagedUploadCommitted(_logger, blockIds.Count, total, container, blobName);
        }

        return result;
    }

    private async Task PutBlockAsync(
        string container, string blobName, string blockId, ReadOnlyMemory<byte> block, string? leaseId, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Put, container, blobName, ("comp", "block"), ("blockid", blockId));
        if (leaseId is not null)
        {
            message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        }

        message.Request.Content = RequestContent.Create(block);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw await FailureAsync(response, "Put Block", container, blobName, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BlobWriteResult> PutBlockListAsync(
        string container, string blobName, List<string> blockIds, BlobUploadOptions? options, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            // Base64 ids need no XML escaping.
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        using var message = CreateMessage(RequestMethod.Put, container, blobName, ("comp", "blocklist"));
        ApplyBlobHeaders(message.Request, options);
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return await WriteResultAsync(response, "Put Block List", container, blobName, options?.Conditions, cancellationToken).ConfigureAwait(false);
    }

    private static void ApplyBlobHeaders(Request request, BlobUploadOptions? options)
    {
        if (options?.ContentType is { } contentType)
        {
            request.Headers.SetValue("x-ms-blob-content-type", contentType);
        }

        ApplyMetadata(request, options?.Metadata);
        ApplyConditions(request, options?.Conditions);
    }

    private async Task<BlobWriteResult> WriteResultAsync(
        Response response, string operation, string container, string blobName, BlobConditions? conditions, CancellationToken cancellationToken)
    {
        if (response.Status is 200 or 201)
        {
            return BlobWriteResult.Success(BlobResponses.ETagOf(response), BlobResponses.LastModifiedOf(response));
        }

        if (IsPreconditionFailure(response, conditions, out var errorCode))
        {
            Log.WritePreconditionFailed(_logger, operation, container, blobName, errorCode);
            return BlobWriteResult.Failed(errorCode);
        }

        throw await FailureAsync(response, operation, container, blobName, cancellationToken).ConfigureAwait(false);
    }

    private int BlockSizeFor(BlobUploadOptions? options)
    {
        var blockSize = options?.BlockSize ?? _options.BlockSize;
        if (blockSize is < 1 or > BlobStoreOptions.MaxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), blockSize, $"BlockSize must be between 1 and {BlobStoreOptions.MaxBlockSize} bytes.");
        }

        return blockSize;
    }

    private static void ValidateUpload(string container, string blobName, BlobUploadOptions? options)
    {
        BlobNames.ValidateContainer(container);
        BlobNames.EscapeBlobName(blobName);
        if (options?.Metadata is { } metadata)
        {
            BlobMetadataRules.Validate(metadata);
        }
    }
}
