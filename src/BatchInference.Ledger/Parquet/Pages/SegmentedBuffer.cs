using System.Buffers;

namespace BatchInference.Ledger.Parquet.Pages;

/// <summary>
/// An append-only byte buffer made of segments that are never copied when it grows (unlike a doubling array, which
/// would allocate twice a row group's size per column) and are kept for reuse after <see cref="Reset"/>, so a file
/// of many row groups allocates its buffers once. Segments start small (4 KiB) so narrow files stay cheap, and
/// double up to 1 MiB.
/// </summary>
internal sealed class SegmentedBuffer : IBufferWriter<byte>
{
    private const int FirstSegmentSize = 4 * 1024;
    private const int MaxSegmentSize = 1024 * 1024;

    private readonly List<byte[]> _segments = [];
    private readonly List<int> _used = [];
    private int _current = -1;

    public long WrittenCount { get; private set; }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _segments[_current].Length - _used[_current]);
        _used[_current] += count;
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureSpace(Math.Max(sizeHint, 1));
        return _segments[_current].AsMemory(_used[_current]);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureSpace(Math.Max(sizeHint, 1));
        return _segments[_current].AsSpan(_used[_current]);
    }

    /// <summary>Forgets the content but keeps the segments for the next use.</summary>
    public void Reset()
    {
        for (var i = 0; i <= _current; i++)
        {
            _used[i] = 0;
        }

        _current = _segments.Count > 0 ? 0 : -1;
        WrittenCount = 0;
    }

    /// <summary>Writes the content to <paramref name="output"/>, segment by segment.</summary>
    public async ValueTask CopyToAsync(Stream output, CancellationToken cancellationToken)
    {
        for (var i = 0; i <= _current; i++)
        {
            if (_used[i] > 0)
            {
                await output.WriteAsync(_segments[i].AsMemory(0, _used[i]), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void EnsureSpace(int size)
    {
        if (_current >= 0 && _segments[_current].Length - _used[_current] >= size)
        {
            return;
        }

        // Move to the next kept segment if it is big enough, otherwise insert a new one there. A value larger
        // than a segment gets a segment of its own size.
        var next = _current + 1;
        if (next < _segments.Count && _segments[next].Length >= size)
        {
            _current = next;
            return;
        }

        var previous = _current >= 0 ? _segments[_current].Length : FirstSegmentSize / 2;
        var length = Math.Max(size, Math.Min(previous * 2, MaxSegmentSize));
        _segments.Insert(next, new byte[length]);
        _used.Insert(next, 0);
        _current = next;
    }
}
