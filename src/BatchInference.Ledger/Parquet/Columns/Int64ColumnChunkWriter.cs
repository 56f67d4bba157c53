using System.Buffers.Binary;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>INT64 values (integers, TIMESTAMP micros and DECIMAL up to precision 18); statistics in signed order.</summary>
internal sealed class Int64ColumnChunkWriter(ParquetColumn column, DataPageWriter pageWriter, int pageMaxBytes)
    : ColumnChunkWriter(column, pageWriter, pageMaxBytes)
{
    private bool _hasValue;
    private long _min;
    private long _max;

    public void Append(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Values.GetSpan(sizeof(long)), value);
        Values.Advance(sizeof(long));
        if (!_hasValue)
        {
            _min = _max = value;
            _hasValue = true;
        }
        else if (value < _min)
        {
            _min = value;
        }
        else if (value > _max)
        {
            _max = value;
        }

        CommitValue();
    }

    protected override ColumnStatistics GetStatistics(long nullCount) =>
        _hasValue ? new(Plain(_min), Plain(_max), nullCount) : new(null, null, nullCount);

    protected override void ResetStatistics() => _hasValue = false;

    private static byte[] Plain(long value)
    {
        var bytes = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
