namespace BatchInference.Jobs.Tests.Sharding;

/// <summary>
/// A read-only stream over bytes, read in small chunks, that cancels a token source once a given number of bytes has
/// been read, and records what was in the spool directory at that moment.
/// </summary>
internal sealed class CancellingStream(byte[] data, int cancelAfterBytes, CancellationTokenSource source, SpoolDirectory spool) : Stream
{
    private const int ChunkBytes = 16;
    private int _position;

    /// <summary>The spool directory's file count when the token was cancelled; -1 before.</summary>
    public int SpoolFilesAtCancel { get; private set; } = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= cancelAfterBytes && SpoolFilesAtCancel < 0)
        {
            SpoolFilesAtCancel = spool.Files().Count;
            source.Cancel();
        }

        var size = Math.Min(Math.Min(buffer.Length, data.Length - _position), ChunkBytes);
        data.AsSpan(_position, size).CopyTo(buffer);
        _position += size;
        return size;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
