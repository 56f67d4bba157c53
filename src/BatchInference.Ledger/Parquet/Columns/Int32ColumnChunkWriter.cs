using System.Buffers.Binary;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>INT32 values (plain integers and DECIMAL with precision up to 9); statistics in signed order.</summary>
internal sealed class Int32ColumnChunkWriter(ParquetColumn column, DataPageWriter pageWriter, int pageMaxBytes)
    : ColumnChunkWriter(column, pageWriter, pageMaxBytes)
{
    private bool _hasValue;
    private int _min;
    private int _max;

    public void Append(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Values.GetSpan(sizeof(int)), value);
        Values.Advance(sizeof(int));
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

    private static byte[] Plain(int value)
    {
        var bytes = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }
}
