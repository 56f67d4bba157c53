namespace BatchInference.Storage.Blobs;

/// <summary>A small blob read whole into memory, with the properties (ETag) of the version read.</summary>
/// <param name="Content">The bytes.</param>
/// <param name="Properties">The properties of the version that was read.</param>
public sealed record BlobContent(BinaryData Content, BlobProperties Properties);
