using System.Buffers;

namespace BatchInference.Jobs.Jsonl;

/// <summary>
/// Splits a stream into physical lines with one pooled buffer. A line is only held in memory up to the limit; a longer
/// line is consumed chunk by chunk up to its newline and reported by length only, so memory stays bounded by the limit
/// whatever the input looks like.
/// </summary>
internal sealed class JsonlLineSplitter : IDisposable
{
    internal const int DefaultInitialBufferBytes = 64 * 1024;

    private readonly Stream _input;
    private readonly int _maxLineBytes;

    // Room for a maximal line plus "\r\n": with that much data and still no newline, the line is certainly too long.
    private readonly int _capacityLimit;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanFrom;
    private bool _endOfStream;
    private int _lineStart;
    private int _lineLength;

    public JsonlLineSplitter(Stream input, int maxLineBytes, int initialBufferBytes = DefaultInitialBufferBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialBufferBytes, 1);
        _input = input;
        _maxLineBytes = maxLineBytes;
        _capacityLimit = maxLineBytes + 2;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(initialBufferBytes, _capacityLimit));
    }

    /// <summary>The length of the buffer currently held (grows only when a long line needs it).</summary>
    public int BufferLength => _buffer.Length;

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// The current line without its terminator (a trailing <c>\r</c> is removed too). Valid until the next call to
    /// <see cref="ReadLineAsync"/>; empty when <see cref="OversizeLength"/> is set.
    /// </summary>
    public ReadOnlySpan<byte> CurrentLine => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>When the current line exceeded the limit: its length in bytes (approximate by the <c>\r</c>); else 0.</summary>
    public long OversizeLength { get; private set; }

    /// <summary>Moves to the next physical line; <see langword="false"/> at the end of the stream.</summary>
    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken = default)
    {
        OversizeLength = 0;
        _lineLength = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_scanFrom, _end - _scanFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var terminator = _scanFrom + newline;
                SetLine(_start, terminator - _start);
                _start = _scanFrom = terminator + 1;
                return true;
            }

            _scanFrom = _end;
            if (_endOfStream)
            {
                if (_start == _end)
                {
                    return false;
                }

                SetLine(_start, _end - _start);
                _start = _scanFrom = _end;
                return true;
            }

            if (_end - _start >= _capacityLimit)
            {
                long skipped = _end - _start;
                _start = _end = _scanFrom = 0;
                skipped += await SkipPastNewlineAsync(cancellationToken).ConfigureAwait(false);
                OversizeLength = skipped;
                return true;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void SetLine(int start, int length)
    {
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r')
        {
            length--;
        }

        if (length > _maxLineBytes)
        {
            OversizeLength = length;
            return;
        }

        _lineStart = start;
        _lineLength = length;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_end == _buffer.Length)
        {
            var pending = _end - _start;
            if (_start > 0)
            {
                // Compacting only when the buffer is full keeps the copying amortized.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            }
            else
            {
                var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(_capacityLimit, (long)_buffer.Length * 2));
                Buffer.BlockCopy(_buffer, 0, grown, 0, pending);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = grown;
            }

            _scanFrom -= _start;
            _start = 0;
            _end = pending;
        }

        var read = await _input.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            _endOfStream = true;
            return;
        }

        _end += read;
        BytesRead += read;
    }

    private async ValueTask<long> SkipPastNewlineAsync(CancellationToken cancellationToken)
    {
        long skipped = 0;
        while (true)
        {
            var read = await _input.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                return skipped;
            }

            BytesRead += read;
            var newline = _buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = _scanFrom = newline + 1;
                _end = read;
                return skipped + newline;
            }

            skipped += read;
        }
    }
}
