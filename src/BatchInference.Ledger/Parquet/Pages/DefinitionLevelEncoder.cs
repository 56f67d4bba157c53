using System.Buffers;
using System.Runtime.InteropServices;

namespace BatchInference.Ledger.Parquet.Pages;

/// <summary>
/// Encodes definition levels of a flat optional column (max level 1, bit width 1) with the RLE / bit-packing hybrid
/// of Encodings.md. Input is a validity bitmap (bit i set = value i is defined), least significant bit first, which
/// is exactly the bit-packed layout for width 1, so bit-packed runs are plain byte copies; runs of at least two
/// all-null or all-defined bytes become RLE runs.
/// </summary>
internal static class DefinitionLevelEncoder
{
    // Older readers cap a bit-packed run at 63 groups of 8 (the largest count a one-byte header holds).
    private const int MaxBitPackedGroups = 63;

    /// <summary>Writes the hybrid runs (without the 4-byte length prefix) for the first <paramref name="count"/> bits.</summary>
    /// <param name="validity">Bitmap whose unused high bits in the last byte are zero.</param>
    /// <param name="count">Number of levels.</param>
    /// <param name="output">Destination.</param>
    public static void Encode(ReadOnlySpan<ulong> validity, int count, IBufferWriter<byte> output)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The Parquet writer assumes a little-endian machine.");
        }

        var bytes = MemoryMarshal.AsBytes(validity)[..((count + 7) / 8)];
        var groups = bytes.Length;
        var pendingStart = 0;
        var g = 0;
        while (g < groups)
        {
            if (TryGetUniformValue(bytes, g, count, out var value))
            {
                var end = g + 1;
                while (end < groups && TryGetUniformValue(bytes, end, count, out var next) && next == value)
                {
                    end++;
                }

                if (end - g >= 2)
                {
                    WriteBitPacked(bytes[pendingStart..g], output);
                    WriteRle(Math.Min(end * 8, count) - (g * 8), value, output);
                    g = end;
                    pendingStart = end;
                    continue;
                }
            }

            g++;
        }

        WriteBitPacked(bytes[pendingStart..], output);
    }

    private static bool TryGetUniformValue(ReadOnlySpan<byte> bytes, int group, int count, out byte value)
    {
        var valid = Math.Min(8, count - (group * 8));
        var mask = (byte)((1 << valid) - 1);
        var bits = (byte)(bytes[group] & mask);
        value = bits == 0 ? (byte)0 : (byte)1;
        return bits == 0 || bits == mask;
    }

    private static void WriteBitPacked(ReadOnlySpan<byte> groups, IBufferWriter<byte> output)
    {
        while (!groups.IsEmpty)
        {
            var take = Math.Min(groups.Length, MaxBitPackedGroups);
            VarInt.Write(((uint)take << 1) | 1, output);
            output.Write(groups[..take]);
            groups = groups[take..];
        }
    }

    private static void WriteRle(int runLength, byte value, IBufferWriter<byte> output)
    {
        VarInt.Write((uint)runLength << 1, output);
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
