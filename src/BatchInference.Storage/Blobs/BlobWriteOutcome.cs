namespace BatchInference.Storage.Blobs;

/// <summary>How a conditional write ended.</summary>
public enum BlobWriteOutcome
{
    /// <summary>The write happened; the result carries the new ETag.</summary>
    Succeeded,

    /// <summary>
    /// A write condition did not hold: <c>If-Match</c> saw another ETag (HTTP 412), <c>If-None-Match: *</c> found an
    /// existing blob (412 or 409 BlobAlreadyExists), or the blob is leased and the request lacked the right lease id
    /// (412 LeaseIdMissing / LeaseIdMismatch...). Nothing was written; re-read and decide again.
    /// </summary>
    PreconditionFailed,
}
