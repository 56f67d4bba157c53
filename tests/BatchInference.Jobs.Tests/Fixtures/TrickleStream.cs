namespace BatchInference.Jobs.Tests.Fixtures;

/// <summary>A read-only stream over bytes that returns at most a few bytes per read, to exercise buffer boundaries.</summary>
internal sealed class TrickleStream(byte[] data, int maxBytesPerRead) : Stream
{
    private int _position;

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
        // Vary the chunk size so CR and LF land on both sides of a read boundary.
        var size = Math.Min(Math.Min(buffer.Length, data.Length - _position), 1 + (_position % maxBytesPerRead));
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
