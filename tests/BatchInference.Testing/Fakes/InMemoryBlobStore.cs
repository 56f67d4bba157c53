using System.Globalization;
using Azure;
using BatchInference.Storage.Blobs;

namespace BatchInference.Testing.Fakes;

/// <summary>
/// <see cref="IBlobStore"/> in memory, with Azure Storage's semantics for everything the port exposes: a new ETag on
/// every write, <c>If-Match</c>/<c>If-None-Match</c> conditions and leases reported as the port's lost-race outcomes,
/// leases that lapse and breaks that end on the injected clock, listing in name order with paging, ranges, metadata and
/// content type. Thread-safe; one instance is one storage account. The contract tests in
/// <c>BatchInference.Storage.Tests/Contracts</c> run the same cases against it and against Azurite.
/// </summary>
public sealed partial class InMemoryBlobStore : IBlobStore
{
    private const string DefaultContentType = "application/octet-stream";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredBlob>> _containers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _version;

    /// <summary>Creates an empty account.</summary>
    /// <param name="time">The clock that dates writes and ends leases and break periods.</param>
    public InMemoryBlobStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <inheritdoc />
    public Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        FakeStorageRules.Container(container);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_containers.TryAdd(container, new SortedDictionary<string, StoredBlob>(Utf8Order.Instance)));
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default)
    {
        FakeStorageRules.Container(container);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_containers.Remove(container));
        }
    }

    /// <inheritdoc />
    public async Task<BlobWriteResult> UploadAsync(
        string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ValidateUpload(container, blobName, options);
        using var buffer = new MemoryStream();
        // Read to the end before committing anything, as a staged upload commits only at Put Block List.
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Put(container, blobName, buffer.ToArray(), options, cancellationToken);
    }

    /// <inheritdoc />
    public Task<BlobWriteResult> UploadAsync(
        string container, string blobName, BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ValidateUpload(container, blobName, options);
        return Task.FromResult(Put(container, blobName, content.ToArray(), options, cancellationToken));
    }

    /// <inheritdoc />
    public Task<BlobWriteResult> SetMetadataAsync(
        string container,
        string blobName,
        IReadOnlyDictionary<string, string> metadata,
        BlobConditions? conditions = null,
        CancellationToken cancellationToken = default)
    {
        FakeStorageRules.Container(container);
        ArgumentNullException.ThrowIfNull(metadata);
        var copy = FakeStorageRules.Metadata(metadata);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var blobs = BlobsOf(container, blobName);
            var now = _time.GetUtcNow();
            if (!blobs.TryGetValue(blobName, out var current))
            {
                throw NotFound(BlobErrorCodes.BlobNotFound, container, blobName);
            }

            if (FailedCondition(current, conditions, now) is { } failed)
            {
                return Task.FromResult(new BlobWriteResult(BlobWriteOutcome.PreconditionFailed, null, null, failed));
            }

            var written = current with { Metadata = copy, ETag = NextETag(), LastModified = FakeStorageRules.Stamp(now), Lease = current.LeaseAfterWrite(now) };
            blobs[blobName] = written;
            return Task.FromResult(new BlobWriteResult(BlobWriteOutcome.Succeeded, written.ETag, written.LastModified));
        }
    }

    /// <inheritdoc />
    public Task<BlobDeleteOutcome> DeleteIfExistsAsync(
        string container, string blobName, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        FakeStorageRules.Container(container);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var blobs = BlobsOf(container, blobName);
            if (!blobs.TryGetValue(blobName, out var current))
            {
                return Task.FromResult(BlobDeleteOutcome.NotFound);
            }

            if (FailedCondition(current, conditions, _time.GetUtcNow()) is not null)
            {
                return Task.FromResult(BlobDeleteOutcome.PreconditionFailed);
            }

            blobs.Remove(blobName);
            return Task.FromResult(BlobDeleteOutcome.Deleted);
        }
    }

    private BlobWriteResult Put(string container, string blobName, byte[] bytes, BlobUploadOptions? options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = FakeStorageRules.Metadata(options?.Metadata);
        lock (_gate)
        {
            var blobs = BlobsOf(container, blobName);
            var now = _time.GetUtcNow();
            blobs.TryGetValue(blobName, out var current);
            if (FailedCondition(current, options?.Conditions, now) is { } failed)
            {
                return new BlobWriteResult(BlobWriteOutcome.PreconditionFailed, null, null, failed);
            }

            var written = new StoredBlob(
                bytes, options?.ContentType ?? DefaultContentType, metadata, NextETag(), FakeStorageRules.Stamp(now), current?.LeaseAfterWrite(now));
            blobs[blobName] = written;
            return new BlobWriteResult(BlobWriteOutcome.Succeeded, written.ETag, written.LastModified);
        }
    }

    /// <summary>
    /// The error code of the first write condition that does not hold, or null. The lease is checked first, as the
    /// service does; <c>If-None-Match: *</c> on an existing blob is 409 BlobAlreadyExists, other ETag misses 412
    /// ConditionNotMet (also <c>If-Match</c> on a missing blob).
    /// </summary>
    private static string? FailedCondition(StoredBlob? current, BlobConditions? conditions, DateTimeOffset now)
    {
        var leaseState = current?.LeaseStateAt(now) ?? BlobLeaseState.Available;
        var leaseId = conditions?.LeaseId;
        if (StoredLease.Blocks(leaseState))
        {
            if (string.IsNullOrEmpty(leaseId))
            {
                return BlobErrorCodes.LeaseIdMissing;
            }

            if (!current!.Lease!.HasId(leaseId))
            {
                return "LeaseIdMismatchWithBlobOperation";
            }
        }
        else if (!string.IsNullOrEmpty(leaseId))
        {
            return "LeaseNotPresentWithBlobOperation";
        }

        if (conditions?.IfMatch is { } ifMatch && (current is null || (ifMatch != ETag.All && ifMatch != current.ETag)))
        {
            return BlobErrorCodes.ConditionNotMet;
        }

        return conditions?.IfNoneMatch switch
        {
            { } all when all == ETag.All && current is not null => BlobErrorCodes.BlobAlreadyExists,
            { } etag when current is not null && etag == current.ETag => BlobErrorCodes.ConditionNotMet,
            _ => null,
        };
    }

    private static void ValidateUpload(string container, string blobName, BlobUploadOptions? options)
    {
        FakeStorageRules.Container(container);
        FakeStorageRules.BlobName(blobName);
        if (options?.BlockSize is { } blockSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1, nameof(options));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, FakeStorageRules.MaxBlockSize, nameof(options));
        }
    }

    /// <summary>The container's blobs; the caller holds the lock.</summary>
    private SortedDictionary<string, StoredBlob> BlobsOf(string container, string? blobName) =>
        _containers.TryGetValue(container, out var blobs) ? blobs : throw NotFound(BlobErrorCodes.ContainerNotFound, container, blobName);

    private static BlobStorageException NotFound(string code, string container, string? blobName) =>
        new(404, code, $"{container}{(blobName is null ? "" : "/" + blobName)} failed: 404 {code}.");

    /// <summary>Azure ETags are quoted opaque strings that change on every write; the caller holds the lock.</summary>
    private ETag NextETag() => new(string.Create(CultureInfo.InvariantCulture, $"\"0x8DE{++_version:X12}\""));
}
