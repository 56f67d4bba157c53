using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Jsonl;

namespace BatchInference.Jobs.Sharding;

/// <summary>
/// Formats one <see cref="JobLine"/> as a shard envelope line, terminated by <c>\n</c>:
/// <code>
/// {"seq":0,"line":1,"custom_id":"…","url":"…","model":"…","body":{…original bytes…}}
/// {"seq":1,"line":3,"custom_id":null,"error":{"code":"…","message":"…"}}
/// </code>
/// The body is copied verbatim, except that a body holding <c>\r</c> (legal only as whitespace between tokens) loses
/// its whitespace between tokens, since the envelope must stay one line. One line is buffered at a time.
/// </summary>
internal sealed class ShardEnvelopeWriter : IDisposable
{
    private const int InitialBufferBytes = 4096;

    // A buffer that grew for one huge line is not kept for the rest of the job.
    private const int RetainedBufferBytes = 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Shards are machine-read JSONL, never embedded in HTML: keep non-ASCII text as compact UTF-8.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Utf8JsonWriter _json;
    private ArrayBufferWriter<byte> _buffer = new(InitialBufferBytes);

    public ShardEnvelopeWriter()
    {
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>Formats the envelope of <paramref name="line"/>; the bytes are valid until the next call.</summary>
    public ReadOnlyMemory<byte> Write(long sequence, JobLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (_buffer.Capacity > RetainedBufferBytes)
        {
            _buffer = new ArrayBufferWriter<byte>(InitialBufferBytes);
        }
        else
        {
            _buffer.ResetWrittenCount();
        }

        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteNumber("seq"u8, sequence);
        _json.WriteNumber("line"u8, line.LineNumber);
        switch (line)
        {
            case RequestLine request:
                WriteRequest(request);
                break;
            case InvalidLine invalid:
                WriteInvalid(invalid);
                break;
            default:
                throw new ArgumentException($"Unknown job line type {line.GetType().Name}.", nameof(line));
        }

        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenMemory;
    }

    public void Dispose() => _json.Dispose();

    private void WriteRequest(RequestLine request)
    {
        _json.WriteString("custom_id"u8, request.CustomId);
        _json.WriteString("url"u8, request.Url);
        _json.WriteString("model"u8, request.Model);
        _json.WritePropertyName("body"u8);
        var body = request.Body.Span;
        if (!JsonObjectBytes.HasLineBreak(body))
        {
            // The intake reader already parsed the body; parsing it again here would only cost time.
            _json.WriteRawValue(body, skipInputValidation: true);
            return;
        }

        var compacted = ArrayPool<byte>.Shared.Rent(body.Length);
        try
        {
            var written = JsonObjectBytes.RemoveInsignificantWhitespace(body, compacted);
            var raw = compacted.AsSpan(0, written);
            if (JsonObjectBytes.HasLineBreak(raw))
            {
                // Only possible for a body the intake reader did not produce: never let it split the line.
                throw new ArgumentException("The request body has a line break inside a string.", nameof(request));
            }

            _json.WriteRawValue(raw, skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compacted);
        }
    }

    private void WriteInvalid(InvalidLine invalid)
    {
        _json.WriteString("custom_id"u8, invalid.CustomId);
        _json.WriteStartObject("error"u8);
        _json.WriteString("code"u8, invalid.Code);
        _json.WriteString("message"u8, invalid.Message);
        _json.WriteEndObject();
    }
}
