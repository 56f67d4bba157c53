using System.Buffers;
using System.Buffers.Binary;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet.Pages;

/// <summary>
/// Assembles a v1 data page (definition levels with their 4-byte length, then PLAIN values or RLE_DICTIONARY ids)
/// or a dictionary page (PLAIN entries), compresses it and appends header + payload to a column chunk buffer. One instance is shared by all columns of a writer: pages
/// are written one at a time, so its scratch buffers are reused instead of allocated per column.
/// </summary>
internal sealed class DataPageWriter
{
    private readonly PageCompressor _compressor;
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly ArrayBufferWriter<byte> _levels = new();
    private readonly ArrayBufferWriter<byte> _header = new();
    private readonly CompactProtocolWriter _headerWriter;

    public DataPageWriter(PageCompressor compressor)
    {
        _compressor = compressor;
        _headerWriter = new CompactProtocolWriter(_header);
    }

    /// <summary>Writes one page to <paramref name="chunk"/>.</summary>
    /// <param name="chunk">The column chunk being built.</param>
    /// <param name="valueCount">Values in the page, nulls included.</param>
    /// <param name="validity">Validity bitmap when the column is optional; ignored when <paramref name="hasLevels"/> is false.</param>
    /// <param name="hasLevels">Whether the column is optional and so carries definition levels.</param>
    /// <param name="values">The encoded non-null values.</param>
    /// <param name="encoding">How <paramref name="values"/> are encoded: PLAIN or RLE_DICTIONARY.</param>
    public PageSizes Write(
        IBufferWriter<byte> chunk,
        int valueCount,
        ReadOnlySpan<ulong> validity,
        bool hasLevels,
        ReadOnlySpan<byte> values,
        PageEncoding encoding = PageEncoding.Plain)
    {
        _body.ResetWrittenCount();
        if (hasLevels)
        {
            _levels.ResetWrittenCount();
            DefinitionLevelEncoder.Encode(validity, valueCount, _levels);
            BinaryPrimitives.WriteInt32LittleEndian(_body.GetSpan(4), _levels.WrittenCount);
            _body.Advance(4);
            _body.Write(_levels.WrittenSpan);
        }

        _body.Write(values);
        return WritePage(chunk, PageType.DataPage, valueCount, encoding);
    }

    /// <summary>Writes the dictionary page of a chunk: <paramref name="entryCount"/> PLAIN-encoded entries.</summary>
    public PageSizes WriteDictionary(IBufferWriter<byte> chunk, int entryCount, ReadOnlySpan<byte> entries)
    {
        _body.ResetWrittenCount();
        _body.Write(entries);
        return WritePage(chunk, PageType.DictionaryPage, entryCount, PageEncoding.Plain);
    }

    private PageSizes WritePage(IBufferWriter<byte> chunk, PageType type, int valueCount, PageEncoding encoding)
    {
        var payload = _compressor.Compress(_body.WrittenMemory);
        _header.ResetWrittenCount();
        WriteHeader(type, valueCount, encoding, _body.WrittenCount, payload.Length);
        chunk.Write(_header.WrittenSpan);
        chunk.Write(payload.Span);
        return new PageSizes(_header.WrittenCount + _body.WrittenCount, _header.WrittenCount + payload.Length);
    }

    private void WriteHeader(PageType type, int valueCount, PageEncoding encoding, int uncompressedSize, int compressedSize)
    {
        var w = _headerWriter;
        w.BeginStruct();
        w.WriteI32Field(1, (int)type);
        w.WriteI32Field(2, uncompressedSize);
        w.WriteI32Field(3, compressedSize);
        if (type == PageType.DictionaryPage)
        {
            w.BeginStructField(7); // DictionaryPageHeader
            w.WriteI32Field(1, valueCount);
            w.WriteI32Field(2, (int)encoding);
            w.EndStruct();
        }
        else
        {
            w.BeginStructField(5); // DataPageHeader
            w.WriteI32Field(1, valueCount);
            w.WriteI32Field(2, (int)encoding);
            w.WriteI32Field(3, (int)PageEncoding.Rle); // definition levels
            w.WriteI32Field(4, (int)PageEncoding.Rle); // repetition levels (none in a flat schema)
            w.EndStruct();
        }

        w.EndStruct();
    }
}
