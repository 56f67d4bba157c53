using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BatchInference.Jobs.Jsonl;

namespace BatchInference.Jobs.Output;

/// <summary>
/// Reads OpenAI-format batch output and error files (ours, or a provider's) back into <see cref="BatchOutputLine"/>s.
/// Unknown properties are ignored; a line that is not in the format throws <see cref="InvalidDataException"/>, since
/// these files are machine-written and a bad line means corruption, not user error.
/// </summary>
public static class BatchOutputReader
{
    /// <summary>The default longest line accepted by <see cref="ReadAsync"/>: 64 MiB.</summary>
    public const int DefaultMaxLineBytes = 64 * 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>Reads every non-blank line of <paramref name="input"/>.</summary>
    /// <param name="input">The JSONL stream; read forward only and not disposed.</param>
    /// <param name="maxLineBytes">The longest accepted line, in bytes.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The lines in file order.</returns>
    /// <exception cref="InvalidDataException">A line is too long or not in the output format.</exception>
    public static IAsyncEnumerable<BatchOutputLine> ReadAsync(
        Stream input, int maxLineBytes = DefaultMaxLineBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        return ReadCoreAsync(input, maxLineBytes, cancellationToken);
    }

    /// <summary>Parses one output line (without its line terminator).</summary>
    /// <param name="line">The UTF-8 bytes of the line.</param>
    /// <returns>The parsed line; the response body is copied into its own array.</returns>
    /// <exception cref="InvalidDataException">The line is not in the output format.</exception>
    public static BatchOutputLine Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            var parsed = BatchOutputLineFields.Read(ref reader, line);
            if (reader.Read())
            {
                throw new InvalidDataException("Unexpected content after the line's JSON object.");
            }

            return parsed;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"Not a batch output line: {ex.Message}", ex);
        }
    }

    private static async IAsyncEnumerable<BatchOutputLine> ReadCoreAsync(
        Stream input, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var splitter = new JsonlLineSplitter(input, maxLineBytes);
        long lineNumber = 0;
        while (await splitter.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (splitter.OversizeLength > 0)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture, $"Line {lineNumber} is {splitter.OversizeLength} bytes; the limit is {maxLineBytes}."));
            }

            if (splitter.CurrentLine.IndexOfAnyExcept(" \t"u8) < 0)
            {
                continue;
            }

            yield return ParseNumbered(splitter.CurrentLine, lineNumber);
        }
    }

    private static BatchOutputLine ParseNumbered(ReadOnlySpan<byte> line, long lineNumber)
    {
        try
        {
            return Parse(line);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Line {lineNumber}: {ex.Message}"), ex);
        }
    }
}
