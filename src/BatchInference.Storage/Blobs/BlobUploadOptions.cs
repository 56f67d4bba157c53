namespace BatchInference.Storage.Blobs;

/// <summary>Per-upload settings.</summary>
public sealed record BlobUploadOptions
{
    /// <summary>The blob's Content-Type; the service defaults to <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>Metadata to store with the blob (names are C# identifiers, values printable ASCII).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>ETag/lease conditions; the write fails with <see cref="BlobWriteOutcome.PreconditionFailed"/> when
    /// they do not hold.</summary>
    public BlobConditions? Conditions { get; init; }

    /// <summary>Overrides <see cref="BlobStoreOptions.BlockSize"/> for this upload.</summary>
    public int? BlockSize { get; init; }
}
