using System.Globalization;
using System.Text;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// A job input of <c>lineCount</c> chat-completion lines (~500 bytes each: several models, one long shared system
/// prompt, a different ticket per line), produced as it is read: only the current line is ever in memory, so a
/// 500 MB input costs the uploader's block buffer and nothing more.
/// </summary>
internal sealed class ChatJobInputStream(int lineCount) : Stream
{
    private const string SystemPrompt =
        "You are the support triage assistant of an online shop. Read the customer's ticket and answer with exactly " +
        "one label: billing, shipping, returns, account, product-question, complaint or other. Answer with the label only.";

    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o"];

    private static readonly string[] Tickets =
    [
        "my parcel was marked as delivered but nothing arrived and the neighbours have not seen it either",
        "I was charged twice for the same order and the second charge still shows on my card statement",
        "the blender I bought last week stopped working after two uses, how do I send it back for a refund",
        "I cannot log in since I changed my e-mail address, the reset link never reaches my new inbox",
        "does the winter jacket in size M run small, I am usually between M and L and want to avoid a return",
    ];

    private byte[] _line = [];
    private int _offset;
    private int _next;

    /// <summary>Bytes handed out so far.</summary>
    public long BytesProduced { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesProduced;
        set => throw new NotSupportedException();
    }

    /// <summary>The line with index <paramref name="index"/> (0-based), newline included.</summary>
    public static string Line(int index)
    {
        var model = Models[index % Models.Length];
        var ticket = Tickets[index % Tickets.Length];
        return string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"custom_id":"req-{{{index:D9}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"{{{model}}}","messages":[{"role":"system","content":"{{{SystemPrompt}}}"},{"role":"user","content":"Ticket {{{index}}}: {{{ticket}}}"}],"max_tokens":16,"temperature":0}}""")
            + "\n";
    }

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_offset == _line.Length)
            {
                if (_next == lineCount)
                {
                    break;
                }

                _line = Encoding.UTF8.GetBytes(Line(_next++));
                _offset = 0;
            }

            var count = Math.Min(buffer.Length - written, _line.Length - _offset);
            _line.AsSpan(_offset, count).CopyTo(buffer[written..]);
            _offset += count;
            written += count;
        }

        BytesProduced += written;
        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
