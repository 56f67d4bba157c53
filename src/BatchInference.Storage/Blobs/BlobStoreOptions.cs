namespace BatchInference.Storage.Blobs;

/// <summary>
/// Settings of <see cref="AzureBlobStore"/> itself. Retries, timeouts and the service version belong to the SDK
/// client it wraps (<see cref="Clients.StorageClientOptions"/>).
/// </summary>
public sealed class BlobStoreOptions
{
    /// <summary>The largest block size Put Block accepts that we allow (keeps the staging buffer sane).</summary>
    public const int MaxBlockSize = 256 * 1024 * 1024;

    /// <summary>
    /// Block size for staged uploads, and the largest upload sent as one Put Blob: a stream that ends within the
    /// first block goes up in one request, a longer one is staged block by block (one block buffered at a time).
    /// Default 4 MiB; 1 byte to <see cref="MaxBlockSize"/>.
    /// </summary>
    public int BlockSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (BlockSize is < 1 or > MaxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(BlockSize), BlockSize, $"BlockSize must be between 1 and {MaxBlockSize} bytes.");
        }
    }
}
