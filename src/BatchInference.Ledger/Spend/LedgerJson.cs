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

    /// <summary>Reads every entry of a ledger part stream.</summary>
    public static async IAsyncEnumerable<LedgerEntry> ReadAllAsync(
        Stream stream,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonSerializer.Deserialize(line, LedgerJsonContext.Default.LedgerEntry)
                    ?? throw new JsonException("Ledger line is null.");
            }
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LedgerEntry))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
