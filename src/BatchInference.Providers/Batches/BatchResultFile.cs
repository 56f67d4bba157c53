using System.Runtime.CompilerServices;

namespace BatchInference.Providers.Batches;

/// <summary>Reads a provider's JSONL results as they download, one <see cref="BatchResultLine"/> per readable line.</summary>
internal static class BatchResultFile
{
    /// <summary>Turns one line into a result, or null with the reason it cannot be attributed to a request.</summary>
    public delegate BatchResultLine? LineParser(ReadOnlyMemory<byte> line, out string? problem);

    /// <param name="stream">The download.</param>
    /// <param name="parse">The provider's line format.</param>
    /// <param name="operation">Names the download in the failure raised when it breaks off.</param>
    /// <param name="skipped">Told the 1-based number and the reason of each line that is skipped.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async IAsyncEnumerable<BatchResultLine> ReadAsync(
        Stream stream,
        LineParser parse,
        string operation,
        Action<long, string> skipped,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lineNumber = 0L;
        var lines = JsonlLineReader.ReadLinesAsync(stream, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (lines.ConfigureAwait(false))
        {
            // A broken download surfaces as a provider failure; the lines already returned stay valid.
            while (await BatchCallFailure.GuardAsync(operation, async _ => await lines.MoveNextAsync().ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false))
            {
                lineNumber++;
                if (parse(lines.Current, out var problem) is { } result)
                {
                    yield return result;
                }
                else
                {
                    skipped(lineNumber, problem ?? "unknown");
                }
            }
        }
    }
}
