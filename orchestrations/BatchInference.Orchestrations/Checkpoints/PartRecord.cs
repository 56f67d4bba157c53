using System.Runtime.InteropServices;
using System.Text.Json;

namespace BatchInference.Orchestrations.Checkpoints;

/// <summary>A checkpoint record read back for merging (see <see cref="PartRecordFields"/> for the format).</summary>
internal sealed record PartRecord(
    long Sequence,
    long Line,
    string? CustomId,
    string? Model,
    ResultKind Kind,
    int Attempts,
    ReadOnlyMemory<byte> Out,
    IReadOnlyList<ReadOnlyMemory<byte>> Ledger)
{
    /// <exception cref="InvalidDataException">The line is not a checkpoint record.</exception>
    public static PartRecord Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var ledger = new List<ReadOnlyMemory<byte>>();
            foreach (var entry in root.GetProperty(PartRecordFields.Ledger).EnumerateArray())
            {
                ledger.Add(Raw(entry));
            }

            return new PartRecord(
                root.GetProperty(PartRecordFields.Sequence).GetInt64(),
                root.GetProperty(PartRecordFields.Line).GetInt64(),
                root.GetProperty(PartRecordFields.CustomId).GetString(),
                root.GetProperty(PartRecordFields.Model).GetString(),
                PartRecordFields.ParseKind(root.GetProperty(PartRecordFields.Kind).GetString()),
                root.GetProperty(PartRecordFields.Attempts).GetInt32(),
                Raw(root.GetProperty(PartRecordFields.Out)),
                ledger);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("A checkpoint record is damaged: " + ex.Message, ex);
        }
    }

    // The value's exact bytes, copied out of the document (which is disposed).
    private static byte[] Raw(JsonElement element) => JsonMarshal.GetRawUtf8Value(element).ToArray();
}
