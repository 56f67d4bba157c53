using BatchInference.Storage.Blobs;

namespace BatchInference.Testing.Fakes;

/// <summary>Blob leases on the injected clock: acquire, renew, release, break, with the service's state rules.</summary>
public sealed partial class InMemoryBlobStore
{
    private static readonly TimeSpan MaxBreakPeriod = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public Task<BlobLease?> TryAcquireLeaseAsync(
        string container, string blobName, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        if (duration is { } d && (d.Ticks % TimeSpan.TicksPerSecond != 0 || d < TimeSpan.FromSeconds(15) || d > TimeSpan.FromSeconds(60)))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts 15 to 60 whole seconds, or is infinite (null).");
        }

        return Task.FromResult(Lease(container, blobName, cancellationToken, (blob, state, now) =>
        {
            // The holder may acquire again with its own id (it restarts the lease); anyone else waits for it to end.
            if (state == BlobLeaseState.Breaking && blob.Lease!.HasId(proposedLeaseId))
            {
                throw Conflict("LeaseIsBreakingAndCannotBeAcquired");
            }

            if (StoredLease.Blocks(state) && !blob.Lease!.HasId(proposedLeaseId))
            {
                return (blob.Lease, null);
            }

            var lease = new StoredLease(proposedLeaseId ?? Guid.NewGuid().ToString(), duration, now + duration);
            return (lease, lease);
        }));
    }

    /// <inheritdoc />
    public Task<BlobLease> RenewLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var renewed = Lease(container, blobName, cancellationToken, (blob, state, now) => state switch
        {
            _ when blob.Lease is null => throw Conflict("LeaseNotPresentWithLeaseOperation"),
            _ when !blob.Lease.HasId(leaseId) => throw Conflict("LeaseIdMismatchWithLeaseOperation"),
            BlobLeaseState.Breaking or BlobLeaseState.Broken => throw Conflict("LeaseIsBrokenAndCannotBeRenewed"),
            // A lapsed lease renews too, as long as nobody leased or wrote the blob since (a write clears it).
            _ => (blob.Lease with { ExpiresAt = now + blob.Lease.Duration }, blob.Lease),
        });
        return Task.FromResult(renewed!);
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string container, string blobName, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        Lease(container, blobName, cancellationToken, (blob, _, _) => blob.Lease switch
        {
            null => throw Conflict("LeaseNotPresentWithLeaseOperation"),
            { } lease when !lease.HasId(leaseId) => throw Conflict("LeaseIdMismatchWithLeaseOperation"),
            { } lease => ((StoredLease?)null, lease),
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TimeSpan> BreakLeaseAsync(
        string container, string blobName, TimeSpan? breakPeriod = null, CancellationToken cancellationToken = default)
    {
        if (breakPeriod is { } p && (p.Ticks % TimeSpan.TicksPerSecond != 0 || p < TimeSpan.Zero || p > MaxBreakPeriod))
        {
            throw new ArgumentOutOfRangeException(nameof(breakPeriod), breakPeriod, "A break period is 0 to 60 whole seconds.");
        }

        var remaining = TimeSpan.Zero;
        Lease(container, blobName, cancellationToken, (blob, state, now) =>
        {
            var lease = blob.Lease ?? throw Conflict("LeaseNotPresentWithLeaseOperation");
            var end = state switch
            {
                // The default period is what is left of a fixed lease; an infinite one breaks at once.
                BlobLeaseState.Leased => now + Min(breakPeriod ?? lease.ExpiresAt - now ?? TimeSpan.Zero, lease.ExpiresAt - now),
                // A second break may shorten a break in progress, never lengthen it.
                BlobLeaseState.Breaking => now + Min(breakPeriod ?? TimeSpan.MaxValue, lease.BreakEndsAt - now),
                _ => now,
            };
            remaining = end - now;
            return (lease with { BreakEndsAt = end, ExpiresAt = null }, lease);
        });
        // The service answers whole seconds (x-ms-lease-time).
        return Task.FromResult(TimeSpan.FromSeconds((remaining.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond));
    }

    /// <summary>
    /// Applies a lease transition to an existing blob under the lock. <paramref name="transition"/> gets the blob, its
    /// lease state now and the time, and returns the lease to store and the one to report (null: not acquired).
    /// Lease operations change neither the ETag nor Last-Modified.
    /// </summary>
    private BlobLease? Lease(
        string container,
        string blobName,
        CancellationToken cancellationToken,
        Func<StoredBlob, BlobLeaseState, DateTimeOffset, (StoredLease? Stored, StoredLease? Reported)> transition)
    {
        FakeStorageRules.Container(container);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var blobs = BlobsOf(container, blobName);
            if (!blobs.TryGetValue(blobName, out var blob))
            {
                throw NotFound(BlobErrorCodes.BlobNotFound, container, blobName);
            }

            var now = _time.GetUtcNow();
            var (stored, reported) = transition(blob, blob.LeaseStateAt(now), now);
            blobs[blobName] = blob with { Lease = stored };
            return reported is null ? null : new BlobLease(reported.Id, blob.ETag, blob.LastModified);
        }
    }

    private static TimeSpan Min(TimeSpan? a, TimeSpan? b) => TimeSpan.FromTicks(Math.Min((a ?? TimeSpan.MaxValue).Ticks, (b ?? TimeSpan.MaxValue).Ticks));

    private static BlobStorageException Conflict(string code) => new(409, code, $"Lease operation failed: 409 {code}.");
}
