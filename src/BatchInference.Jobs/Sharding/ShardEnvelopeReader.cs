using System.Globalization;
using System.Runtime.CompilerServices;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Jsonl;

namespace BatchInference.Jobs.Sharding;

/// <summary>
/// Reads a shard file written by <see cref="JobSharder"/> back into the <see cref="JobLine"/>s the intake reader
/// produced, each with its sequence number in the job. It streams: one pooled line buffer, never the whole file.
/// </summary>
/// <remarks>
/// A shard is our own format, so a line that is not a well-formed envelope means a bug or a damaged blob, not user
/// input: it throws <see cref="InvalidDataException"/> naming the line, rather than becoming an error record.
/// A request's body comes back byte for byte as the intake reader sliced it, except that a body that held a
/// <c>\r</c> between tokens comes back without whitespace between tokens (strings, numbers and key order unchanged).
/// Cancelling stops the enumeration at the next read; the stream is not disposed.
/// </remarks>
public static class ShardEnvelopeReader
{
    // The writer bounds envelopes by the input line limit plus re-escaped ids, which can exceed that limit; the line
    // buffer only grows as far as the longest line actually needs, so this generous cap costs normal shards nothing.
    private static readonly int MaxEnvelopeBytes = Array.MaxLength - 2;

    /// <summary>Reads every line of the shard file <paramref name="shard"/>.</summary>
    /// <param name="shard">The shard file; read forward only and not disposed.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The shard's lines in file order.</returns>
    /// <exception cref="InvalidDataException">A line is not a well-formed shard envelope; the message names it.</exception>
    public static IAsyncEnumerable<ShardLine> ReadAsync(Stream shard, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return ReadCoreAsync(shard, cancellationToken);
    }

    private static async IAsyncEnumerable<ShardLine> ReadCoreAsync(Stream shard, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var splitter = new JsonlLineSplitter(shard, MaxEnvelopeBytes);
        long lineNumber = 0;
        while (await splitter.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (splitter.OversizeLength > 0)
            {
                throw new InvalidDataException(string.Create(
                    CultureInfo.InvariantCulture, $"Shard line {lineNumber} is {splitter.OversizeLength} bytes, longer than any envelope."));
            }

            yield return ParseNumbered(splitter.CurrentLine, lineNumber);
        }
    }

    private static ShardLine ParseNumbered(ReadOnlySpan<byte> line, long lineNumber)
    {
        try
        {
            return ShardEnvelopeFields.Parse(line);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Shard line {lineNumber}: {ex.Message}"), ex);
        }
    }
}
