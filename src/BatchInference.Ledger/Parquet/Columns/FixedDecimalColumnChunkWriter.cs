using System.Buffers.Binary;
using BatchInference.Ledger.Parquet.Pages;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// DECIMAL values wider than 18 digits as FIXED_LEN_BYTE_ARRAY: the unscaled value in big-endian two's complement,
/// sign-extended to the column's byte length (LogicalTypes.md), PLAIN (fixed-length values have no length prefix).
/// Statistics are in signed order, as the spec orders DECIMAL, and encoded like the values.
/// </summary>
internal sealed class FixedDecimalColumnChunkWriter(ParquetColumn column, DataPageWriter pageWriter, int pageMaxBytes)
    : ColumnChunkWriter(column, pageWriter, pageMaxBytes)
{
    private readonly int _length = ColumnTypeMapping.DecimalByteLength(column.Precision);
    private bool _hasValue;
    private Int128 _min;
    private Int128 _max;

    public void Append(Int128 unscaled)
    {
        Encode(unscaled, Values.GetSpan(_length)[.._length]);
        Values.Advance(_length);
        if (!_hasValue)
        {
            _min = _max = unscaled;
            _hasValue = true;
        }
        else if (unscaled < _min)
        {
            _min = unscaled;
        }
        else if (unscaled > _max)
        {
            _max = unscaled;
        }

        CommitValue();
    }

    protected override ColumnStatistics GetStatistics(long nullCount) =>
        _hasValue ? new(Plain(_min), Plain(_max), nullCount) : new(null, null, nullCount);

    protected override void ResetStatistics() => _hasValue = false;

    private byte[] Plain(Int128 value)
    {
        var bytes = new byte[_length];
        Encode(value, bytes);
        return bytes;
    }

    // The 16 big-endian bytes of the Int128, less the leading ones that only repeat the sign: the precision's range
    // fits the column's length, so those bytes are all 0x00 or all 0xFF.
    private static void Encode(Int128 value, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[16];
        BinaryPrimitives.WriteInt128BigEndian(full, value);
        full[(16 - destination.Length)..].CopyTo(destination);
    }
}
