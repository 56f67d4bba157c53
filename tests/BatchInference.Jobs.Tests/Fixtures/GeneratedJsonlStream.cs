using System.Text;

namespace BatchInference.Jobs.Tests.Fixtures;

/// <summary>
/// An endless-file stand-in: produces JSONL request lines on the fly without allocating per line, so a test can
/// feed a reader hundreds of megabytes and measure what the reader (not the source) allocates. Line k (1-based) is
/// <c>{"custom_id":"req-k","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"xxx…"}]}}</c>
/// with a content of <see cref="ContentBytes"/> x's, except every <c>oversizeEvery</c>-th line whose content is
/// <c>oversizeContentBytes</c> long.
/// </summary>
internal sealed class GeneratedJsonlStream : Stream
{
    private const int IdDigits = 10;
    private static readonly byte[] Tail = "\"}]}}\n"u8.ToArray();

    private readonly byte[] _head = Encoding.UTF8.GetBytes(
        "{\"custom_id\":\"req-" + new string('0', IdDigits)
        + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"");

    private readonly int _idOffset;
    private readonly long _lineCount;
    private readonly long _oversizeEvery;
    private readonly long _oversizeContentBytes;
    private long _line;
    private long _offsetInLine;
    private long _currentContent;

    public GeneratedJsonlStream(long lineCount, int contentBytes, long oversizeEvery, long oversizeContentBytes)
    {
        ContentBytes = contentBytes;
        _lineCount = lineCount;
        _oversizeEvery = oversizeEvery;
        _oversizeContentBytes = oversizeContentBytes;
        _idOffset = Array.IndexOf(_head, (byte)'-') + 1;
        StartLine(1);
    }

    public int ContentBytes { get; }

    /// <summary>The body bytes of a normal line: the JSON object after <c>"body":</c>.</summary>
    public int NormalBodyBytes => _head.Length - Array.IndexOf(_head, (byte)'{', 1) + ContentBytes + Tail.Length - 2;

    public long TotalBytes
    {
        get
        {
            var oversized = _oversizeEvery > 0 ? _lineCount / _oversizeEvery : 0;
            var perLineFixed = (long)_head.Length + Tail.Length;
            return (_lineCount * perLineFixed) + ((_lineCount - oversized) * ContentBytes) + (oversized * _oversizeContentBytes);
        }
    }

    public bool IsOversized(long line) => _oversizeEvery > 0 && line % _oversizeEvery == 0;

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
        var written = 0;
        while (written < buffer.Length && _line <= _lineCount)
        {
            var lineLength = _head.Length + _currentContent + Tail.Length;
            if (_offsetInLine < _head.Length)
            {
                written += Copy(_head.AsSpan((int)_offsetInLine), buffer[written..]);
            }
            else if (_offsetInLine < _head.Length + _currentContent)
            {
                var n = (int)Math.Min(buffer.Length - written, _head.Length + _currentContent - _offsetInLine);
                buffer.Slice(written, n).Fill((byte)'x');
                _offsetInLine += n;
                written += n;
            }
            else
            {
                written += Copy(Tail.AsSpan((int)(_offsetInLine - _head.Length - _currentContent)), buffer[written..]);
            }

            if (_offsetInLine == lineLength)
            {
                StartLine(_line + 1);
            }
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        _offsetInLine += n;
        return n;
    }

    private void StartLine(long line)
    {
        _line = line;
        _offsetInLine = 0;
        _currentContent = IsOversized(line) ? _oversizeContentBytes : ContentBytes;
        var value = line;
        for (var i = IdDigits - 1; i >= 0; i--)
        {
            _head[_idOffset + i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
