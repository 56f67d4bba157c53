using System.Buffers;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// Buffers one column of the current row group: the open page (PLAIN values + validity bitmap) and the pages
/// already closed and compressed. Subclasses append typed values to <see cref="Values"/>, track their statistics
/// and call <see cref="CommitValue"/>.
/// </summary>
internal abstract class ColumnChunkWriter
{
    private readonly DataPageWriter _pageWriter;
    private readonly int _pageMaxBytes;
    private readonly SegmentedBuffer _chunk = new();
    private ulong[] _validity = new ulong[64];
    private int _pageValueCount;
    private long _chunkUncompressedSize;
    private long _nullCount;

    protected ColumnChunkWriter(ParquetColumn column, DataPageWriter pageWriter, int pageMaxBytes)
    {
        Column = column;
        _pageWriter = pageWriter;
        _pageMaxBytes = pageMaxBytes;
    }

    public ParquetColumn Column { get; }

    /// <summary>Values (nulls included) in the current row group.</summary>
    public int RowGroupValueCount { get; private set; }

    /// <summary>Memory held for the current row group: closed pages plus the open page.</summary>
    public long BufferedBytes => _chunk.WrittenCount + Values.WrittenCount + (_pageValueCount >> 3);

    /// <summary>PLAIN-encoded non-null values of the open page.</summary>
    protected ArrayBufferWriter<byte> Values { get; } = new();

    /// <summary>Non-null values in the open page.</summary>
    protected int PageNonNullCount { get; private set; }

    public void AppendNull()
    {
        if (!Column.IsNullable)
        {
            throw new ArgumentException($"Column '{Column.Name}' is required (not nullable); it cannot hold null.");
        }

        MarkLevel(defined: false);
        _nullCount++;
        AfterAppend();
    }

    /// <summary>Closes the open page, if it has values, into the chunk buffer.</summary>
    public void FinishPage()
    {
        if (_pageValueCount == 0)
        {
            return;
        }

        CompletePageValues();
        var validity = Column.IsNullable ? _validity.AsSpan(0, (_pageValueCount + 63) >> 6) : default;
        var sizes = _pageWriter.Write(_chunk, _pageValueCount, validity, Column.IsNullable, Values.WrittenSpan);
        _chunkUncompressedSize += sizes.Uncompressed;
        Values.ResetWrittenCount();
        _pageValueCount = 0;
        PageNonNullCount = 0;
    }

    /// <summary>Size of the finished chunk; call <see cref="FinishPage"/> first.</summary>
    public long ChunkLength => _chunk.WrittenCount;

    /// <summary>Writes the finished chunk to <paramref name="output"/>; call <see cref="FinishPage"/> first.</summary>
    public ValueTask CopyChunkToAsync(Stream output, CancellationToken cancellationToken) =>
        _chunk.CopyToAsync(output, cancellationToken);

    /// <summary>Describes the finished chunk as it will sit at <paramref name="fileOffset"/>.</summary>
    public ColumnChunkMetadata DescribeChunk(long fileOffset) => new(
        Column,
        RowGroupValueCount,
        fileOffset,
        _chunkUncompressedSize,
        _chunk.WrittenCount,
        GetStatistics(_nullCount));

    /// <summary>Starts the next row group.</summary>
    public void ResetChunk()
    {
        _chunk.Reset();
        _chunkUncompressedSize = 0;
        _nullCount = 0;
        RowGroupValueCount = 0;
        ResetStatistics();
    }

    /// <summary>Records a non-null value the subclass has just appended to <see cref="Values"/>.</summary>
    protected void CommitValue()
    {
        if (Column.IsNullable)
        {
            MarkLevel(defined: true);
        }
        else
        {
            _pageValueCount++;
        }

        PageNonNullCount++;
        AfterAppend();
    }

    /// <summary>Called before a page is written, so bit-packed values can flush a partial byte.</summary>
    protected virtual void CompletePageValues()
    {
    }

    protected abstract ColumnStatistics GetStatistics(long nullCount);

    protected abstract void ResetStatistics();

    private void MarkLevel(bool defined)
    {
        var index = _pageValueCount;
        var word = index >> 6;
        if ((index & 63) == 0)
        {
            if (word == _validity.Length)
            {
                Array.Resize(ref _validity, _validity.Length * 2);
            }

            _validity[word] = 0;
        }

        if (defined)
        {
            _validity[word] |= 1UL << (index & 63);
        }

        _pageValueCount = index + 1;
    }

    private void AfterAppend()
    {
        RowGroupValueCount++;

        // The validity bitmap counts too, so a page of only nulls is also bounded.
        if (Values.WrittenCount + (_pageValueCount >> 3) >= _pageMaxBytes)
        {
            FinishPage();
        }
    }
}
