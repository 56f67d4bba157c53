namespace BatchInference.Storage.Blobs;

/// <summary>A byte range of a blob.</summary>
/// <param name="Offset">The first byte (0-based, not negative).</param>
/// <param name="Length">How many bytes (more than zero); null means to the end of the blob.</param>
public readonly record struct BlobRange(long Offset, long? Length = null);
