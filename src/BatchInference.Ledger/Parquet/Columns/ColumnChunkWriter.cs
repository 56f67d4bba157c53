using System.Buffers;
using BatchInference.Ledger.Parquet.Pages;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// Buffers one column of the current row group: the open page (encoded values + validity bitmap), the pages
/// already closed and compressed, and, for a dictionary-encoded chunk, its dictionary page (written at the end of
/// the chunk but placed first in the file, as readers expect). Subclasses append typed values to
/// <see cref="Values"/> (or keep their own page state), track their statistics and call <see cref="CommitValue"/>.
/// </summary>
internal abstract class ColumnChunkWriter
{
    private readonly DataPageWriter _pageWriter;
    private readonly int _pageMaxBytes;
    private readonly SegmentedBuffer _chunk = new();
    private readonly SegmentedBuffer _dictionaryPage = new();
    private ulong[] _validity = new ulong[64];
    private int _pageValueCount;
    private long _chunkUncompressedSize;
    private long _nullCount;
    private int _plainPageCount;
    private int _dictionaryDataPageCount;

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
    public long BufferedBytes => _chunk.WrittenCount + OpenPageBytes + DictionaryBytes + (_pageValueCount >> 3);

    /// <summary>PLAIN-encoded non-null values of the open page.</summary>
    protected ArrayBufferWriter<byte> Values { get; } = new();

    /// <summary>Non-null values in the open page.</summary>
    protected int PageNonNullCount { get; private set; }

    /// <summary>Bytes the open page's values take so far; a page is closed once they reach the page size.</summary>
    protected virtual int OpenPageBytes => Values.WrittenCount;

    /// <summary>Bytes held by the chunk's dictionary (0 without one).</summary>
    protected virtual long DictionaryBytes => 0;

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

        var encoding = CompletePageValues();
        var validity = Column.IsNullable ? _validity.AsSpan(0, (_pageValueCount + 63) >> 6) : default;
        var sizes = _pageWriter.Write(_chunk, _pageValueCount, validity, Column.IsNullable, Values.WrittenSpan, encoding);
        _chunkUncompressedSize += sizes.Uncompressed;
        if (encoding == PageEncoding.RleDictionary)
        {
            _dictionaryDataPageCount++;
        }
        else
        {
            _plainPageCount++;
        }

        Values.ResetWrittenCount();
        _pageValueCount = 0;
        PageNonNullCount = 0;
    }

    /// <summary>Closes the open page and writes the dictionary page, if the chunk has a dictionary.</summary>
    public void FinishChunk()
    {
        FinishPage();
        if (_dictionaryPage.WrittenCount == 0 && TryGetDictionary(out var entryCount, out var entries))
        {
            var sizes = _pageWriter.WriteDictionary(_dictionaryPage, entryCount, entries.Span);
            _chunkUncompressedSize += sizes.Uncompressed;
        }
    }

    /// <summary>Size of the finished chunk; call <see cref="FinishChunk"/> first.</summary>
    public long ChunkLength => _dictionaryPage.WrittenCount + _chunk.WrittenCount;

    /// <summary>Writes the finished chunk (dictionary page first) to <paramref name="output"/>; call <see cref="FinishChunk"/> first.</summary>
    public async ValueTask CopyChunkToAsync(Stream output, CancellationToken cancellationToken)
    {
        await _dictionaryPage.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        await _chunk.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Describes the finished chunk as it will sit at <paramref name="fileOffset"/>.</summary>
    public ColumnChunkMetadata DescribeChunk(long fileOffset) => new(
        Column,
        RowGroupValueCount,
        fileOffset + _dictionaryPage.WrittenCount,
        _chunkUncompressedSize,
        ChunkLength,
        GetStatistics(_nullCount))
    {
        DictionaryPageOffset = _dictionaryPage.WrittenCount > 0 ? fileOffset : null,
        PlainDataPageCount = _plainPageCount,
        DictionaryDataPageCount = _dictionaryDataPageCount,
    };

    /// <summary>Starts the next row group.</summary>
    public void ResetChunk()
    {
        _chunk.Reset();
        _dictionaryPage.Reset();
        _chunkUncompressedSize = 0;
        _nullCount = 0;
        _plainPageCount = 0;
        _dictionaryDataPageCount = 0;
        RowGroupValueCount = 0;
        ResetStatistics();
        ResetDictionary();
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

    /// <summary>
    /// Called before a page is written, so bit-packed values can flush a partial byte, or dictionary ids can be
    /// encoded into <see cref="Values"/>.
    /// </summary>
    /// <returns>The encoding of the page's values.</returns>
    protected virtual PageEncoding CompletePageValues() => PageEncoding.Plain;

    /// <summary>The chunk's dictionary entries (PLAIN-encoded), if it has any.</summary>
    protected virtual bool TryGetDictionary(out int entryCount, out ReadOnlyMemory<byte> entries)
    {
        entryCount = 0;
        entries = default;
        return false;
    }

    /// <summary>Forgets the chunk's dictionary, at the start of a row group.</summary>
    protected virtual void ResetDictionary()
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
        if (OpenPageBytes + (_pageValueCount >> 3) >= _pageMaxBytes)
        {
            FinishPage();
        }
    }
}
