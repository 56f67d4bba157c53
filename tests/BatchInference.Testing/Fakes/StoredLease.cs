using BatchInference.Storage.Blobs;

namespace BatchInference.Testing.Fakes;

/// <summary>
/// A blob's lease as Azure Storage keeps it: an id, and either an end time (fixed lease), none (infinite), or the end
/// of a break period. The state the service would report is computed from the clock, so a lease lapses on its own.
/// </summary>
internal sealed record StoredLease(string Id, TimeSpan? Duration, DateTimeOffset? ExpiresAt, DateTimeOffset? BreakEndsAt = null)
{
    public BlobLeaseState StateAt(DateTimeOffset now) => this switch
    {
        { BreakEndsAt: { } end } => end > now ? BlobLeaseState.Breaking : BlobLeaseState.Broken,
        { ExpiresAt: { } expires } when expires <= now => BlobLeaseState.Expired,
        _ => BlobLeaseState.Leased,
    };

    /// <summary>Leased and breaking leases block writes that lack their id.</summary>
    public static bool Blocks(BlobLeaseState state) => state is BlobLeaseState.Leased or BlobLeaseState.Breaking;

    /// <summary>Lease ids are GUIDs; the service compares them ignoring case.</summary>
    public bool HasId(string? leaseId) => string.Equals(Id, leaseId, StringComparison.OrdinalIgnoreCase);
}
