using BatchInference.Ledger.Parquet.Pages;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>BOOLEAN values, PLAIN-encoded as one bit each, least significant bit first; false orders before true.</summary>
internal sealed class BooleanColumnChunkWriter(ParquetColumn column, DataPageWriter pageWriter, int pageMaxBytes)
    : ColumnChunkWriter(column, pageWriter, pageMaxBytes)
{
    private byte _pendingBits;
    private bool _hasFalse;
    private bool _hasTrue;

    public void Append(bool value)
    {
        var bit = PageNonNullCount & 7;
        if (value)
        {
            _pendingBits |= (byte)(1 << bit);
            _hasTrue = true;
        }
        else
        {
            _hasFalse = true;
        }

        if (bit == 7)
        {
            FlushPendingBits();
        }

        CommitValue();
    }

    protected override PageEncoding CompletePageValues()
    {
        if ((PageNonNullCount & 7) != 0)
        {
            FlushPendingBits();
        }

        return PageEncoding.Plain;
    }

    protected override ColumnStatistics GetStatistics(long nullCount) =>
        _hasFalse || _hasTrue
            ? new([_hasFalse ? (byte)0 : (byte)1], [_hasTrue ? (byte)1 : (byte)0], nullCount)
            : new(null, null, nullCount);

    protected override void ResetStatistics() => _hasFalse = _hasTrue = false;

    private void FlushPendingBits()
    {
        Values.GetSpan(1)[0] = _pendingBits;
        Values.Advance(1);
        _pendingBits = 0;
    }
}
