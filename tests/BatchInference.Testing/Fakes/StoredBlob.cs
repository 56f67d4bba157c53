using Azure;
using BatchInference.Storage.Blobs;

namespace BatchInference.Testing.Fakes;

/// <summary>One committed blob version plus its lease; replaced whole on every write, so readers never see a torn one.</summary>
internal sealed record StoredBlob(
    byte[] Content,
    string ContentType,
    IReadOnlyDictionary<string, string> Metadata,
    ETag ETag,
    DateTimeOffset LastModified,
    StoredLease? Lease)
{
    public BlobLeaseState LeaseStateAt(DateTimeOffset now) => Lease?.StateAt(now) ?? BlobLeaseState.Available;

    public BlobProperties PropertiesAt(DateTimeOffset now) =>
        new(Content.Length, ContentType, ETag, LastModified, Metadata, LeaseStateAt(now));

    /// <summary>The lease a write leaves behind: an active one stays, a lapsed or broken one is cleared (as the
    /// service does on Put Blob, Set Metadata...).</summary>
    public StoredLease? LeaseAfterWrite(DateTimeOffset now) => StoredLease.Blocks(LeaseStateAt(now)) ? Lease : null;
}
