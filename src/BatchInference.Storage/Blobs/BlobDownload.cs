namespace BatchInference.Storage.Blobs;

/// <summary>
/// An open download: <see cref="Content"/> streams from the network (nothing is buffered whole). Dispose it to
/// release the connection.
/// </summary>
public sealed class BlobDownload : IDisposable, IAsyncDisposable
{
    internal BlobDownload(Stream content, long contentLength, BlobProperties properties, BlobRange? range)
    {
        Content = content;
        ContentLength = contentLength;
        Properties = properties;
        Range = range;
    }

    /// <summary>The bytes of the blob (or of the requested range), read from the network as you read.</summary>
    public Stream Content { get; }

    /// <summary>How many bytes <see cref="Content"/> will yield.</summary>
    public long ContentLength { get; }

    /// <summary>The properties of the version being read; <see cref="BlobProperties.ContentLength"/> is the whole
    /// blob's size even for a range.</summary>
    public BlobProperties Properties { get; }

    /// <summary>The range requested, or null for the whole blob.</summary>
    public BlobRange? Range { get; }

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
