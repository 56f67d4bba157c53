using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchInference.Ledger.Spend;

/// <summary>
/// The ledger's line format: one JSON object per line, snake_case, money as JSON numbers written from
/// <see cref="decimal"/> so no binary floating point ever touches a cost.
/// </summary>
public static class LedgerJson
{
    /// <summary>Serializes one entry as a single JSON line (no trailing newline).</summary>
    public static byte[] ToLine(LedgerEntry entry) =>
        JsonSerializer.SerializeToUtf8Bytes(entry, LedgerJsonContext.Default.LedgerEntry);

    /// <summary>Parses one ledger line.</summary>
    /// <exception cref="JsonException">The line is not a ledger entry.</exception>
    public static LedgerEntry FromLine(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize(line, LedgerJsonContext.Default.LedgerEntry)
        ?? throw new JsonException("Ledger line is null.");

    /// <summary>
    /// Reads every entry of a ledger part stream. Lines are parsed from the stream's UTF-8 bytes as they arrive (no
    /// string per line): a job's ledger is read whole to write its spend report, a million lines for a large job.
    /// Blank lines, a <c>\r</c> before a newline and a UTF-8 byte order mark are skipped.
    /// </summary>
    public static async IAsyncEnumerable<LedgerEntry> ReadAllAsync(
        Stream stream,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 1 << 16, leaveOpen: true));
        try
        {
            var bomChecked = false;
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!bomChecked)
                {
                    if (buffer.Length < Utf8Bom.Length && !result.IsCompleted)
                    {
                        reader.AdvanceTo(buffer.Start, buffer.End); // too short to tell yet: wait for more
                        continue;
                    }

                    buffer = SkipBom(buffer);
                    bomChecked = true;
                }

                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (Parse(line) is { } entry)
                    {
                        yield return entry;
                    }
                }

                if (result.IsCompleted)
                {
                    if (Parse(buffer) is { } last)
                    {
                        yield return last;
                    }

                    break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySequence<byte> SkipBom(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < Utf8Bom.Length)
        {
            return buffer;
        }

        Span<byte> start = stackalloc byte[3];
        buffer.Slice(0, start.Length).CopyTo(start);
        return start.SequenceEqual(Utf8Bom) ? buffer.Slice(start.Length) : buffer;
    }

    // One line without its newline; null for a blank line.
    private static LedgerEntry? Parse(ReadOnlySequence<byte> line)
    {
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        if (line.IsEmpty)
        {
            return null;
        }

        var json = new Utf8JsonReader(line);
        var entry = JsonSerializer.Deserialize(ref json, LedgerJsonContext.Default.LedgerEntry) ?? throw new JsonException("Ledger line is null.");

        // As strict as parsing the line whole: anything after the entry but blanks is an error (the reader throws on it).
        return json.Read() ? throw new JsonException("Ledger line has more than one value.") : entry;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LedgerEntry))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
