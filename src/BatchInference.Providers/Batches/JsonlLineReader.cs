using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace BatchInference.Providers.Batches;

/// <summary>Splits a JSONL stream into lines as it arrives, without holding the whole file; blank lines are skipped.</summary>
internal static class JsonlLineReader
{
    public static async IAsyncEnumerable<byte[]> ReadLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var lines = new List<byte[]>();
                while (TryTakeLine(ref buffer, out var line))
                {
                    AddIfNotBlank(lines, line);
                }

                if (result.IsCompleted && !buffer.IsEmpty)
                {
                    AddIfNotBlank(lines, buffer); // The last line may lack its newline.
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var line in lines)
                {
                    yield return line;
                }

                if (result.IsCompleted)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }

    private static void AddIfNotBlank(List<byte[]> lines, ReadOnlySequence<byte> line)
    {
        var bytes = line.ToArray();
        var span = bytes.AsSpan().TrimEnd((byte)'\r');
        if (!span.Trim(" \t"u8).IsEmpty)
        {
            lines.Add(span.Length == bytes.Length ? bytes : span.ToArray());
        }
    }
}
