namespace BatchInference.Storage.Blobs;

/// <summary>Listing settings.</summary>
public sealed record BlobListOptions
{
    /// <summary>Also return each blob's metadata.</summary>
    public bool IncludeMetadata { get; init; }

    /// <summary>Blobs per service round trip (1..5000); null uses the service default (5000). Pages are followed
    /// internally either way.</summary>
    public int? PageSize { get; init; }
}
