using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>A lease held on a blob.</summary>
/// <param name="LeaseId">The id to pass in <see cref="BlobConditions.LeaseId"/> and to renew/release.</param>
/// <param name="ETag">The blob's ETag when the lease was taken or renewed.</param>
/// <param name="LastModified">The blob's last-modified time then.</param>
public sealed record BlobLease(string LeaseId, ETag ETag, DateTimeOffset LastModified);
