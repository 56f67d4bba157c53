using System.Buffers;

namespace BatchInference.Ledger.Parquet;

/// <summary>
/// ULEB-128: 7 bits per byte, least significant first, high bit set on all but the last byte. Parquet uses it for the
/// RLE/bit-packed hybrid's run headers and Thrift's compact protocol for every integer.
/// </summary>
internal static class VarInt
{
    public static void Write(ulong value, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }
}
