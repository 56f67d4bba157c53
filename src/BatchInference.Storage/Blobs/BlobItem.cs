using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>One blob from a listing.</summary>
/// <param name="Name">The blob name (decoded).</param>
/// <param name="ContentLength">Size in bytes.</param>
/// <param name="ETag">The blob's ETag at listing time.</param>
/// <param name="LastModified">When the blob last changed.</param>
/// <param name="Metadata">User metadata when the listing asked for it, otherwise null.</param>
public sealed record BlobItem(
    string Name,
    long ContentLength,
    ETag ETag,
    DateTimeOffset LastModified,
    IReadOnlyDictionary<string, string>? Metadata);
