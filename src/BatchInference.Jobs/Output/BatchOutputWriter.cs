using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Jsonl;

namespace BatchInference.Jobs.Output;

/// <summary>
/// Writes JSONL lines in OpenAI's batch output shape, for <c>output.jsonl</c> and <c>errors.jsonl</c>:
/// <code>
/// {"id":"batch_req_…","custom_id":"…","response":{"status_code":200,"request_id":"…","body":{…}},"error":null}
/// {"id":"batch_req_…","custom_id":"…","response":null,"error":{"code":"…","message":"…","line":7}}
/// </code>
/// A provider's HTTP error (429, 500…) is a response line with that status code and the provider's error body, as
/// OpenAI reports it; the error shape is for lines that never got a provider response.
/// </summary>
/// <remarks>
/// Response bodies are copied verbatim, except that a body containing line breaks (providers often pretty-print) has
/// its whitespace between tokens removed, since a JSONL line cannot contain one; strings, numbers and key order are
/// still copied byte for byte. Lines are buffered and written to the stream in chunks; call <see cref="FlushAsync"/>
/// or <see cref="DisposeAsync"/> to write the rest. The stream is not disposed. Not thread-safe.
/// </remarks>
public sealed class BatchOutputWriter : IAsyncDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Output files are JSONL for machines, never embedded in HTML: keep non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _output;
    private readonly string _jobId;
    private readonly BatchOutputWriterOptions _options;
    private readonly ArrayBufferWriter<byte> _pending = new(4096);
    private readonly Utf8JsonWriter _json;

    /// <summary>Creates a writer for the lines of job <paramref name="jobId"/>.</summary>
    /// <param name="output">The stream to append to; not disposed by the writer.</param>
    /// <param name="jobId">The job id that line ids are derived from (see <see cref="BatchRequestId"/>).</param>
    /// <param name="options">Options; <see cref="BatchOutputWriterOptions.Default"/> when null.</param>
    public BatchOutputWriter(Stream output, string jobId, BatchOutputWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        options ??= BatchOutputWriterOptions.Default;
        options.Validate();
        _output = output;
        _jobId = jobId;
        _options = options;
        _json = new Utf8JsonWriter(_pending, WriterOptions);
    }

    /// <summary>Lines written so far (buffered ones included).</summary>
    public long LinesWritten { get; private set; }

    /// <summary>
    /// Whether <c>WriteResponseAsync</c> accepts <paramref name="body"/>: exactly one well-formed JSON object.
    /// A proxy's HTML error page is not, and must be written with <see cref="WriteErrorAsync"/> instead.
    /// </summary>
    public static bool CanWriteResponseBody(ReadOnlySpan<byte> body) => JsonObjectBytes.IsSingleObject(body);

    /// <summary>Writes a line for a provider response, successful or not.</summary>
    /// <param name="lineNumber">The 1-based input line number (determines the line id).</param>
    /// <param name="customId">The request's <c>custom_id</c>.</param>
    /// <param name="statusCode">The provider's HTTP status code (100–599).</param>
    /// <param name="requestId">The provider's request id; written as <see langword="null"/> when absent.</param>
    /// <param name="body">The response body: one JSON object, in UTF-8.</param>
    /// <param name="cancellationToken">Stops a pending write to the stream.</param>
    /// <returns>A task that completes when the line is buffered or written.</returns>
    /// <exception cref="ArgumentException"><paramref name="body"/> is not one JSON object.</exception>
    public ValueTask WriteResponseAsync(
        long lineNumber, string customId, int statusCode, string? requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        WriteResponseAsync(lineNumber, customId, statusCode, requestId, body, cacheHit: null, cancellationToken);

    /// <summary>Writes a line for a response; with <paramref name="cacheHit"/>, one answered from the result cache, which the line says in <c>bi_cache</c>.</summary>
    /// <param name="lineNumber">The 1-based input line number (determines the line id).</param>
    /// <param name="customId">The request's <c>custom_id</c>.</param>
    /// <param name="statusCode">The provider's HTTP status code (100–599).</param>
    /// <param name="requestId">The provider's request id; written as <see langword="null"/> when absent.</param>
    /// <param name="body">The response body: one JSON object, in UTF-8.</param>
    /// <param name="cacheHit">Where a cached answer came from; null for a provider's own answer.</param>
    /// <param name="cancellationToken">Stops a pending write to the stream.</param>
    /// <returns>A task that completes when the line is buffered or written.</returns>
    /// <exception cref="ArgumentException"><paramref name="body"/> is not one JSON object.</exception>
    public ValueTask WriteResponseAsync(
        long lineNumber, string customId, int statusCode, string? requestId, ReadOnlyMemory<byte> body, BatchOutputCacheHit? cacheHit,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(customId);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (_options.ValidateResponseBodies && !JsonObjectBytes.IsSingleObject(body.Span))
        {
            throw new ArgumentException("The response body is not one well-formed JSON object.", nameof(body));
        }

        var id = BatchRequestId.Create(_jobId, lineNumber);
        byte[]? compacted = null;
        try
        {
            var raw = body.Span;
            if (JsonObjectBytes.HasLineBreak(raw))
            {
                compacted = ArrayPool<byte>.Shared.Rent(raw.Length);
                raw = compacted.AsSpan(0, JsonObjectBytes.RemoveInsignificantWhitespace(raw, compacted));
                if (JsonObjectBytes.HasLineBreak(raw))
                {
                    // Only possible for a malformed body when validation is off: never let it split the line.
                    throw new ArgumentException("The response body has a line break inside a string.", nameof(body));
                }
            }

            _json.Reset();
            _json.WriteStartObject();
            _json.WriteString("id"u8, id);
            _json.WriteString("custom_id"u8, customId);
            _json.WriteStartObject("response"u8);
            _json.WriteNumber("status_code"u8, statusCode);
            _json.WriteString("request_id"u8, requestId);
            _json.WritePropertyName("body"u8);
            _json.WriteRawValue(raw, skipInputValidation: true);
            _json.WriteEndObject();
            _json.WriteNull("error"u8);
            if (cacheHit is not null)
            {
                _json.WriteStartObject("bi_cache"u8);
                _json.WriteBoolean("hit"u8, true);
                _json.WriteString("source_job"u8, cacheHit.SourceJob);
                _json.WriteString("cached_at"u8, cacheHit.CachedAt.ToUniversalTime());
                _json.WriteEndObject();
            }

            _json.WriteEndObject();
            _json.Flush();
        }
        finally
        {
            if (compacted is not null)
            {
                ArrayPool<byte>.Shared.Return(compacted);
            }
        }

        return EndLineAsync(cancellationToken);
    }

    /// <summary>Writes an error line for a request that never got a provider response.</summary>
    /// <param name="lineNumber">The 1-based input line number (determines the line id; written as <c>error.line</c>).</param>
    /// <param name="customId">The request's <c>custom_id</c>, or <see langword="null"/> when it has none.</param>
    /// <param name="code">A stable error code.</param>
    /// <param name="message">A human-readable reason; never prompt text.</param>
    /// <param name="cancellationToken">Stops a pending write to the stream.</param>
    /// <returns>A task that completes when the line is buffered or written.</returns>
    public ValueTask WriteErrorAsync(long lineNumber, string? customId, string code, string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentNullException.ThrowIfNull(message);
        var id = BatchRequestId.Create(_jobId, lineNumber);
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("id"u8, id);
        _json.WriteString("custom_id"u8, customId);
        _json.WriteNull("response"u8);
        _json.WriteStartObject("error"u8);
        _json.WriteString("code"u8, code);
        _json.WriteString("message"u8, message);
        _json.WriteNumber("line"u8, lineNumber);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        return EndLineAsync(cancellationToken);
    }

    /// <summary>Writes the error line for an input line the reader rejected.</summary>
    /// <param name="line">The rejected line.</param>
    /// <param name="cancellationToken">Stops a pending write to the stream.</param>
    /// <returns>A task that completes when the line is buffered or written.</returns>
    public ValueTask WriteInvalidLineAsync(InvalidLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        return WriteErrorAsync(line.LineNumber, line.CustomId, line.Code, line.Message, cancellationToken);
    }

    /// <summary>Writes every buffered line to the stream and flushes it.</summary>
    /// <param name="cancellationToken">Stops the write.</param>
    /// <returns>A task that completes when the stream is flushed.</returns>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await WritePendingAsync(cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes buffered lines; the stream stays open.</summary>
    /// <returns>A task that completes when the lines are written.</returns>
    public async ValueTask DisposeAsync()
    {
        await FlushAsync().ConfigureAwait(false);
        await _json.DisposeAsync().ConfigureAwait(false);
    }

    private ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        _pending.Write("\n"u8);
        LinesWritten++;
        return _pending.WrittenCount >= _options.FlushThresholdBytes ? WritePendingAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    private async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        await _output.WriteAsync(_pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _pending.ResetWrittenCount();
    }
}
