namespace BatchInference.Storage.Tests.Blobs;

/// <summary>
/// A forward-only stream of deterministic bytes with no known length (CanSeek false, Length throws), like a
/// network or pipe source. Hands out at most <c>maxChunk</c> bytes per read. Byte i is a function of i, so a reader
/// can verify content without holding it.
/// </summary>
internal sealed class GeneratedStream(long length, int maxChunk = 64 * 1024, Action<long>? onRead = null) : Stream
{
    private long _position;

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static byte ByteAt(long index) => (byte)((index * 31) ^ (index >> 9));

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(Math.Min(buffer.Length, maxChunk), length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[i] = ByteAt(_position + i);
        }

        _position += n;
        onRead?.Invoke(_position);
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads <paramref name="stream"/> to the end in small steps and checks every byte against the
    /// generator, returning how many bytes it saw (first mismatch throws).</summary>
    public static async Task<long> VerifyAsync(Stream stream, long startIndex = 0)
    {
        var buffer = new byte[81_920];
        long seen = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != ByteAt(startIndex + seen + i))
                {
                    throw new Xunit.Sdk.XunitException($"Byte {startIndex + seen + i} differs from the generated content.");
                }
            }

            seen += read;
        }

        return seen;
    }
}
