using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>A blob's system properties and metadata.</summary>
/// <param name="ContentLength">The whole blob's size in bytes.</param>
/// <param name="ContentType">The blob's Content-Type.</param>
/// <param name="ETag">The current ETag; pass it to <see cref="BlobConditions.IfUnchanged"/> to write safely.</param>
/// <param name="LastModified">When the blob last changed.</param>
/// <param name="Metadata">User metadata (case-insensitive names).</param>
/// <param name="LeaseState">The blob's lease state.</param>
public sealed record BlobProperties(
    long ContentLength,
    string? ContentType,
    ETag ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string> Metadata,
    BlobLeaseState LeaseState);
