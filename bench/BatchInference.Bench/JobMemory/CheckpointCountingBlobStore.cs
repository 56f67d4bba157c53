using System.Globalization;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Passes every call to the real blob store and counts the checkpoint parts the engine writes
/// (<c>work/&lt;jobId&gt;/shards/&lt;k&gt;/results/part-&lt;n&gt;.jsonl</c>) and the lines in them (from the part's
/// <c>lines</c> metadata). The engine deletes its work files once a job is published, so counting the writes is the
/// only way to know how many there were.
/// </summary>
internal sealed class CheckpointCountingBlobStore(IBlobStore inner) : IBlobStore
{
    private long _parts;
    private long _lines;

    /// <summary>Checkpoint parts written so far.</summary>
    public long Parts => Interlocked.Read(ref _parts);

    /// <summary>Lines in the checkpoint parts written so far (answered, failed or invalid).</summary>
    public long Lines => Interlocked.Read(ref _lines);

    public Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken = default) =>
        inner.CreateContainerIfNotExistsAsync(container, cancellationToken);

    public Task<bool> DeleteContainerIfExistsAsync(string container, CancellationToken cancellationToken = default) =>
        inner.DeleteContainerIfExistsAsync(container, cancellationToken);

    public async Task<BlobWriteResult> UploadAsync(
        string container, string blobName, Stream content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default) =>
        Count(container, blobName, options, await inner.UploadAsync(container, blobName, content, options, cancellationToken));

    public async Task<BlobWriteResult> UploadAsync(
        string container, string blobName, BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default) =>
        Count(container, blobName, options, await inner.UploadAsync(container, blobName, content, options, cancellationToken));

    public Task<BlobDownload> DownloadAsync(string container, string blobName, BlobRange? range = null, CancellationToken cancellationToken = default) =>
        inner.DownloadAsync(container, blobName, range, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string container, string blobName, CancellationToken cancellationToken = default) =>
        inner.GetPropertiesAsync(container, blobName, cancellationToken);

    public Task<BlobWriteResult> SetMetadataAsync(
        string container, string blobName, IReadOnlyDictionary<string, string> metadata, BlobConditions? conditions = null,
        CancellationToken cancellationToken = default) =>
        inner.SetMetadataAsync(container, blobName, metadata, conditions, cancellationToken);

    public IAsyncEnumerable<BlobItem> ListAsync(
        string container, string? prefix = null, BlobListOptions? options = null, CancellationToken cancellationToken = default) =>
        inner.ListAsync(container, prefix, options, cancellationToken);

    public Task<BlobDeleteOutcome> DeleteIfExistsAsync(
        string container, string blobName, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.DeleteIfExistsAsync(container, blobName, conditions, cancellationToken);

    public Task<BlobLease?> TryAcquireLeaseAsync(
        string container, string blobName, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        inner.TryAcquireLeaseAsync(container, blobName, duration, proposedLeaseId, cancellationToken);

    public Task<BlobLease> RenewLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default) =>
        inner.RenewLeaseAsync(container, blobName, leaseId, cancellationToken);

    public Task ReleaseLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default) =>
        inner.ReleaseLeaseAsync(container, blobName, leaseId, cancellationToken);

    public Task<TimeSpan> BreakLeaseAsync(string container, string blobName, TimeSpan? breakPeriod = null, CancellationToken cancellationToken = default) =>
        inner.BreakLeaseAsync(container, blobName, breakPeriod, cancellationToken);

    private BlobWriteResult Count(string container, string blobName, BlobUploadOptions? options, BlobWriteResult result)
    {
        if (result.Succeeded && container == StorageLayout.WorkContainer && StorageLayout.PartNumber(blobName) is not null)
        {
            Interlocked.Increment(ref _parts);
            if (options?.Metadata?.GetValueOrDefault("lines") is { } lines
                && long.TryParse(lines, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                Interlocked.Add(ref _lines, count);
            }
        }

        return result;
    }
}
