using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>Conditions a write must meet: an ETag match, non-existence, and/or the active lease's id.</summary>
/// <param name="IfMatch">Write only if the blob's current ETag equals this (optimistic concurrency).</param>
/// <param name="IfNoneMatch">Write only if the blob's ETag differs; <see cref="ETag.All"/> (<c>*</c>) means
/// "only if the blob does not exist" (create-once).</param>
/// <param name="LeaseId">The id of the lease held on the blob; required to write a leased blob.</param>
public sealed record BlobConditions(ETag? IfMatch = null, ETag? IfNoneMatch = null, string? LeaseId = null)
{
    /// <summary>Write only if the blob does not exist yet (<c>If-None-Match: *</c>).</summary>
    public static BlobConditions IfNotExists { get; } = new(IfNoneMatch: ETag.All);

    /// <summary>Write only if the blob still has <paramref name="etag"/> (<c>If-Match</c>).</summary>
    /// <param name="etag">The ETag read before deciding to write.</param>
    /// <returns>The conditions.</returns>
    public static BlobConditions IfUnchanged(ETag etag) => new(IfMatch: etag);

    /// <summary>Write under the given lease.</summary>
    /// <param name="leaseId">The lease id.</param>
    /// <returns>The conditions.</returns>
    public static BlobConditions UnderLease(string leaseId) => new(LeaseId: leaseId);
}
