using System.Buffers.Binary;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// DOUBLE values. Statistics follow the TYPE_ORDER rules of parquet.thrift for floating point: NaN is counted in
/// nan_count and never a bound, a zero minimum is written as -0.0 and a zero maximum as +0.0. A chunk holding any
/// NaN gets no min/max at all: readers that ignore nan_count (DuckDB 1.5 does) would otherwise prune the NaN rows
/// from <c>d &gt; x</c> filters; DuckDB's own writer leaves the bounds out for the same reason.
/// </summary>
internal sealed class DoubleColumnChunkWriter(ParquetColumn column, DataPageWriter pageWriter, int pageMaxBytes)
    : ColumnChunkWriter(column, pageWriter, pageMaxBytes)
{
    private bool _hasValue;
    private double _min;
    private double _max;
    private long _nanCount;

    public void Append(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(Values.GetSpan(sizeof(double)), value);
        Values.Advance(sizeof(double));
        if (double.IsNaN(value))
        {
            _nanCount++;
        }
        else if (!_hasValue)
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

    protected override ColumnStatistics GetStatistics(long nullCount)
    {
        if (!_hasValue || _nanCount > 0)
        {
            return new(null, null, nullCount, _nanCount);
        }

        var min = _min == 0 ? -0.0 : _min;
        var max = _max == 0 ? 0.0 : _max;
        return new(Plain(min), Plain(max), nullCount, _nanCount);
    }

    protected override void ResetStatistics()
    {
        _hasValue = false;
        _nanCount = 0;
    }

    private static byte[] Plain(double value)
    {
        var bytes = new byte[sizeof(double)];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return bytes;
    }
}
