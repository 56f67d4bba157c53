using System.Globalization;
using System.Runtime.CompilerServices;
using BatchInference.Jobs.Jsonl;

namespace BatchInference.Jobs.Intake;

/// <summary>
/// Streams a job's JSONL input (OpenAI batch input format) as <see cref="JobLine"/>s in memory bounded by the line
/// limit, not the file: one pooled buffer sized by <see cref="JsonlReaderOptions.MaxLineBytes"/> plus the duplicate-id
/// set (about 40 bytes per distinct <c>custom_id</c>).
/// </summary>
/// <remarks>
/// <para>Line numbers are 1-based physical lines. Lines end with <c>\n</c> or <c>\r\n</c>; the last line may lack
/// one. A UTF-8 BOM at the very start is ignored. Empty and whitespace-only lines yield nothing but are counted in
/// <see cref="JsonlReaderStats.BlankLines"/> and still advance the line number.</para>
/// <para>Every other line yields exactly one record: a <see cref="RequestLine"/>, or an <see cref="InvalidLine"/> with
/// a code from <see cref="JobLineErrorCodes"/>. A bad line never stops the enumeration; only I/O errors and
/// cancellation do. Checks run in this order: size, UTF-8, JSON object, <c>custom_id</c> (missing, invalid, duplicate),
/// <c>method</c>, <c>url</c>, <c>body</c>, <c>body.model</c>. Every readable <c>custom_id</c> is remembered even when a
/// later check fails, so the first line with an id owns it.</para>
/// <para>Cancelling stops the enumeration at the next read or line; the stream is not disposed.</para>
/// </remarks>
public static class JsonlRequestReader
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads the job input from <paramref name="input"/>.</summary>
    /// <param name="input">The JSONL stream; read forward only and not disposed.</param>
    /// <param name="options">Limits and accepted URLs; <see cref="JsonlReaderOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>One record per non-blank line, in input order.</returns>
    public static IAsyncEnumerable<JobLine> ReadAsync(
        Stream input, JsonlReaderOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadAsync(input, new JsonlReaderStats(), options, cancellationToken);

    /// <summary>Reads the job input from <paramref name="input"/>, updating <paramref name="stats"/> as it goes.</summary>
    /// <param name="input">The JSONL stream; read forward only and not disposed.</param>
    /// <param name="stats">Counters updated during the enumeration.</param>
    /// <param name="options">Limits and accepted URLs; <see cref="JsonlReaderOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>One record per non-blank line, in input order.</returns>
    public static IAsyncEnumerable<JobLine> ReadAsync(
        Stream input, JsonlReaderStats stats, JsonlReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stats);
        options ??= JsonlReaderOptions.Default;
        options.Validate();
        return ReadCoreAsync(input, stats, options, cancellationToken);
    }

    private static async IAsyncEnumerable<JobLine> ReadCoreAsync(
        Stream input, JsonlReaderStats stats, JsonlReaderOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var splitter = new JsonlLineSplitter(input, options.MaxLineBytes);
        var parser = new RequestLineParser(options.SupportedUrls);
        long lineNumber = 0;
        while (await splitter.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            stats.TotalLines = lineNumber;
            stats.BytesRead = splitter.BytesRead;
            stats.PeakBufferBytes = Math.Max(stats.PeakBufferBytes, splitter.BufferLength);
            var result = Classify(splitter, parser, lineNumber, options.MaxLineBytes);
            switch (result)
            {
                case null:
                    stats.BlankLines++;
                    continue;
                case RequestLine:
                    stats.RequestLines++;
                    break;
                default:
                    stats.InvalidLines++;
                    break;
            }

            yield return result;
        }

        stats.BytesRead = splitter.BytesRead;
    }

    private static JobLine? Classify(JsonlLineSplitter splitter, RequestLineParser parser, long lineNumber, int maxLineBytes)
    {
        if (splitter.OversizeLength > 0)
        {
            return new InvalidLine(lineNumber, null, JobLineErrorCodes.LineTooLarge,
                string.Create(CultureInfo.InvariantCulture,
                    $"Line is {splitter.OversizeLength} bytes; the limit is {maxLineBytes} bytes. It was skipped unread."));
        }

        var line = splitter.CurrentLine;
        if (lineNumber == 1 && line.StartsWith(Utf8Bom))
        {
            line = line[Utf8Bom.Length..];
        }

        return IsBlank(line) ? null : parser.Parse(line, lineNumber);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
