using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BatchInference.Providers.Batches;

/// <summary>Reads a provider's JSONL results as they download, one <see cref="BatchResultLine"/> per readable line.</summary>
internal static class BatchResultFile
{
    /// <summary>Turns one line into a result, or null with the reason it cannot be attributed to a request.</summary>
    public delegate BatchResultLine? LineParser(ReadOnlyMemory<byte> line, out string? problem);

    /// <summary>Turns a line already known to be JSON naming its request into a result, or null with the reason it cannot.</summary>
    public delegate BatchResultLine? NamedLineParser(JsonElement line, string customId, out string? problem);

    /// <summary>
    /// What every provider's line format asks first: the line must be JSON and name its request in a non-empty
    /// <c>custom_id</c>; the rest is <paramref name="parse"/>'s.
    /// </summary>
    public static BatchResultLine? ParseLine(ReadOnlyMemory<byte> line, NamedLineParser parse, out string? problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException exception)
        {
            problem = "not JSON: " + exception.Message;
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (BatchJsonFields.String(root, "custom_id") is not { Length: > 0 } customId)
            {
                problem = "no custom_id";
                return null;
            }

            return parse(root, customId, out problem);
        }
    }

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
