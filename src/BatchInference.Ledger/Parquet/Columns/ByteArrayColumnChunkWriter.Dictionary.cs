using BatchInference.Ledger.Parquet.Pages;
using BatchInference.Ledger.Parquet.Thrift;

namespace BatchInference.Ledger.Parquet.Columns;

// Dictionary encoding: while IsDictionaryEncoding, a value becomes the id of its dictionary entry and the open page
// holds ids; the page is written as RLE_DICTIONARY. The switch to PLAIN happens between pages, never inside one.
internal sealed partial class ByteArrayColumnChunkWriter
{
    private int[] _ids = [];
    private int _idCount;
    private long _pagePlainBytes;
    private bool _payoffChecked;
    private byte[] _scratch = new byte[256];

    // Ids are counted at 4 bytes for the page size, which bounds the id buffer; encoded they take far less.
    protected override int OpenPageBytes => IsDictionaryEncoding ? _idCount * sizeof(int) : Values.WrittenCount;

    protected override long DictionaryBytes => _dictionary?.ByteCount ?? 0;

    protected override PageEncoding CompletePageValues()
    {
        if (!IsDictionaryEncoding || _idCount == 0)
        {
            return PageEncoding.Plain;
        }

        DictionaryIndexEncoder.Encode(_ids.AsSpan(0, _idCount), DictionaryIndexEncoder.BitWidth(_dictionary!.Count), Values);

        // The chunk's first page decides whether the dictionary pays: when entries plus ids are no smaller than
        // the PLAIN values, the values hardly repeat, so the rest of the chunk is PLAIN and skips the lookups.
        if (!_payoffChecked)
        {
            _payoffChecked = true;
            if (_dictionary.ByteCount + Values.WrittenCount >= _pagePlainBytes)
            {
                IsDictionaryEncoding = false;
            }
        }

        _idCount = 0;
        _pagePlainBytes = 0;
        return PageEncoding.RleDictionary;
    }

    protected override bool TryGetDictionary(out int entryCount, out ReadOnlyMemory<byte> entries)
    {
        entryCount = _dictionary?.Count ?? 0;
        entries = entryCount > 0 ? _dictionary!.Entries : default;
        return entryCount > 0;
    }

    protected override void ResetDictionary()
    {
        _dictionary?.Clear();
        IsDictionaryEncoding = _dictionary is not null;
        _idCount = 0;
        _pagePlainBytes = 0;
        _payoffChecked = false;
    }

    /// <summary>Appends the id of <paramref name="value"/>; false (after closing the page) when the dictionary is full.</summary>
    private bool TryAppendToDictionary(ReadOnlySpan<byte> value)
    {
        var id = _dictionary!.GetOrAdd(value, _dictionaryMaxBytes, out var added);
        if (id < 0)
        {
            // Full: the open page keeps its ids, every later value of this chunk is PLAIN.
            FinishPage();
            IsDictionaryEncoding = false;
            return false;
        }

        if (added)
        {
            // Values already in the dictionary were tracked when they were added.
            Track(value);
        }

        if (_idCount == _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
        }

        _ids[_idCount++] = id;
        _pagePlainBytes += sizeof(int) + value.Length;
        CommitValue();
        return true;
    }

    private ReadOnlySpan<byte> EncodeToScratch(string value)
    {
        var max = StrictUtf8.GetMaxByteCount(value.Length);
        if (_scratch.Length < max)
        {
            _scratch = new byte[Math.Max(max, _scratch.Length * 2)];
        }

        try
        {
            return _scratch.AsSpan(0, StrictUtf8.GetBytes(value, _scratch));
        }
        catch (System.Text.EncoderFallbackException ex)
        {
            throw InvalidUtf16(value, ex);
        }
    }
}
