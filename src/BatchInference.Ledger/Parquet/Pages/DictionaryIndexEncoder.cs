using System.Buffers;
using System.Numerics;

namespace BatchInference.Ledger.Parquet.Pages;

/// <summary>
/// Encodes the values of an RLE_DICTIONARY data page (Encodings.md, "Dictionary Encoding"): one byte holding the
/// bit width of the dictionary ids, then the ids with the RLE / bit-packing hybrid. A run of at least 8 equal ids
/// that can start on a group boundary becomes an RLE run; everything else is bit-packed in groups of 8, least
/// significant bit first, the last group padded with zeros.
/// </summary>
internal static class DictionaryIndexEncoder
{
    // Older readers cap a bit-packed run at 63 groups of 8 (the largest count a one-byte header holds).
    private const int MaxBitPackedGroups = 63;

    private const int MinRleRun = 8;

    /// <summary>
    /// The bit width for ids below <paramref name="dictionarySize"/>. At least 1: a width of 0 is legal for a
    /// one-entry dictionary, but not every reader handles it, and it saves at most a few bytes per page.
    /// </summary>
    public static int BitWidth(int dictionarySize) =>
        dictionarySize <= 2 ? 1 : 32 - BitOperations.LeadingZeroCount((uint)(dictionarySize - 1));

    /// <summary>Writes the bit-width byte and the hybrid runs of <paramref name="ids"/>.</summary>
    /// <param name="ids">Dictionary ids, each below 2^<paramref name="bitWidth"/>.</param>
    /// <param name="bitWidth">1 to 32.</param>
    /// <param name="output">Destination.</param>
    public static void Encode(ReadOnlySpan<int> ids, int bitWidth, IBufferWriter<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitWidth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitWidth, 32);
        output.GetSpan(1)[0] = (byte)bitWidth;
        output.Advance(1);

        var pendingStart = 0;
        var i = 0;
        while (i < ids.Length)
        {
            var value = ids[i];
            var end = i + 1;
            while (end < ids.Length && ids[end] == value)
            {
                end++;
            }

            // A bit-packed run holds whole groups of 8, so the RLE run may only start where the pending ids fill
            // whole groups; the first `pad` ids of this run complete the last pending group.
            var pad = (8 - ((i - pendingStart) & 7)) & 7;
            if (end - i - pad >= MinRleRun)
            {
                WriteBitPacked(ids[pendingStart..(i + pad)], bitWidth, output);
                WriteRle(end - i - pad, value, bitWidth, output);
                pendingStart = end;
            }

            i = end;
        }

        WriteBitPacked(ids[pendingStart..], bitWidth, output);
    }

    private static void WriteBitPacked(ReadOnlySpan<int> ids, int bitWidth, IBufferWriter<byte> output)
    {
        while (!ids.IsEmpty)
        {
            var groups = Math.Min((ids.Length + 7) / 8, MaxBitPackedGroups);
            var take = Math.Min(ids.Length, groups * 8);
            VarInt.Write(((uint)groups << 1) | 1, output);
            var byteCount = groups * bitWidth;
            var span = output.GetSpan(byteCount)[..byteCount];
            ulong buffer = 0;
            var bits = 0;
            var o = 0;
            foreach (var id in ids[..take])
            {
                buffer |= (ulong)(uint)id << bits;
                bits += bitWidth;
                while (bits >= 8)
                {
                    span[o++] = (byte)buffer;
                    buffer >>= 8;
                    bits -= 8;
                }
            }

            // Zero padding up to the end of the last group.
            if (bits > 0)
            {
                span[o++] = (byte)buffer;
            }

            span[o..].Clear();
            output.Advance(byteCount);
            ids = ids[take..];
        }
    }

    private static void WriteRle(int runLength, int value, int bitWidth, IBufferWriter<byte> output)
    {
        VarInt.Write((uint)runLength << 1, output);
        var byteCount = (bitWidth + 7) / 8;
        var span = output.GetSpan(byteCount);
        for (var b = 0; b < byteCount; b++)
        {
            span[b] = (byte)(value >> (8 * b));
        }

        output.Advance(byteCount);
    }
}
