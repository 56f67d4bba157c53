using Azure;

namespace BatchInference.Storage.Blobs;

/// <summary>The outcome of an upload or metadata write; conditions that fail are an outcome, not an exception.</summary>
/// <param name="Outcome">Whether the write happened.</param>
/// <param name="ETag">The blob's new ETag when the write succeeded.</param>
/// <param name="LastModified">The blob's new last-modified time when the write succeeded.</param>
/// <param name="ErrorCode">The service's error code when a precondition failed, e.g. <c>ConditionNotMet</c>,
/// <c>BlobAlreadyExists</c> or <c>LeaseIdMissing</c>.</param>
public sealed record BlobWriteResult(BlobWriteOutcome Outcome, ETag? ETag, DateTimeOffset? LastModified, string? ErrorCode = null)
{
    /// <summary>True when the write happened.</summary>
    public bool Succeeded => Outcome == BlobWriteOutcome.Succeeded;

    /// <summary>True when a write condition (ETag or lease) did not hold and nothing was written.</summary>
    public bool PreconditionFailed => Outcome == BlobWriteOutcome.PreconditionFailed;

    internal static BlobWriteResult Success(ETag? etag, DateTimeOffset? lastModified) =>
        new(BlobWriteOutcome.Succeeded, etag, lastModified);

    internal static BlobWriteResult Failed(string? errorCode) =>
        new(BlobWriteOutcome.PreconditionFailed, null, null, errorCode);
}
