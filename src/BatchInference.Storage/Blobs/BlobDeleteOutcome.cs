namespace BatchInference.Storage.Blobs;

/// <summary>How a delete-if-exists ended.</summary>
public enum BlobDeleteOutcome
{
    /// <summary>The blob existed and is gone.</summary>
    Deleted,

    /// <summary>There was no such blob; nothing to do.</summary>
    NotFound,

    /// <summary>An ETag or lease condition did not hold; the blob is untouched.</summary>
    PreconditionFailed,
}
