using Azure;
using Azure.Storage.Blobs.Specialized;

namespace BatchInference.Storage.Blobs;

/// <summary>Blob leases: acquire, renew, release, break.</summary>
public sealed partial class AzureBlobStore
{
    /// <inheritdoc />
    public async Task<BlobLease?> TryAcquireLeaseAsync(
        string container, string blobName, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        if (duration is { } span && (span != TimeSpan.FromSeconds((int)span.TotalSeconds) || span.TotalSeconds is < 15 or > 60))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 15 to 60 whole seconds, or is infinite (null).");
        }

        var lease = Blob(container, blobName).GetBlobLeaseClient(proposedLeaseId);
        try
        {
            var response = await lease.AcquireAsync(duration ?? BlobLeaseClient.InfiniteLeaseDuration, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return LeaseOf(response.Value);
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == BlobErrorCodes.LeaseAlreadyPresent)
        {
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Acquire lease", container, blobName);
        }
    }

    /// <inheritdoc />
    public async Task<BlobLease> RenewLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        try
        {
            var response = await Blob(container, blobName).GetBlobLeaseClient(leaseId).RenewAsync(cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return LeaseOf(response.Value);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Renew lease", container, blobName);
        }
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        try
        {
            await Blob(container, blobName).GetBlobLeaseClient(leaseId).ReleaseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Release lease", container, blobName);
        }
    }

    /// <inheritdoc />
    public async Task<TimeSpan> BreakLeaseAsync(
        string container, string blobName, TimeSpan? breakPeriod = null, CancellationToken cancellationToken = default)
    {
        if (breakPeriod is { } period && (period != TimeSpan.FromSeconds((int)period.TotalSeconds) || period.TotalSeconds is < 0 or > 60))
        {
            throw new ArgumentOutOfRangeException(nameof(breakPeriod), breakPeriod, "A break period is 0 to 60 whole seconds.");
        }

        try
        {
            var response = await Blob(container, blobName).GetBlobLeaseClient().BreakAsync(breakPeriod, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return TimeSpan.FromSeconds(response.Value.LeaseTime ?? 0);
        }
        catch (RequestFailedException ex) when (ex.Status != 0)
        {
            throw Failure(ex, "Break lease", container, blobName);
        }
    }

    private static BlobLease LeaseOf(Azure.Storage.Blobs.Models.BlobLease lease) => new(lease.LeaseId, Unquoted(lease.ETag), lease.LastModified);
}
