using System.Buffers.Binary;
using System.Text;
using BatchInference.Ledger.Parquet.Pages;

namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// BYTE_ARRAY values (STRING and raw binary). With <see cref="ParquetColumn.UseDictionary"/>, each chunk starts
/// dictionary-encoded (RLE_DICTIONARY ids, the distinct values in a dictionary page) and falls back to PLAIN (a
/// 4-byte little-endian length, then the bytes) for the rest of the chunk when the dictionary would outgrow
/// <c>dictionaryMaxBytes</c> or does not pay for itself on the chunk's first page; the next chunk tries again.
/// Statistics use unsigned lexicographic byte order, which for UTF-8 is also code point order.
/// </summary>
internal sealed partial class ByteArrayColumnChunkWriter : ColumnChunkWriter
{
    /// <summary>
    /// Bounds longer than this are left out of the footer (null_count stays): a truncated bound would be valid but
    /// rarely prunes anything, while a long one bloats every reader's footer read.
    /// </summary>
    internal const int MaxStatisticsLength = 1024;

    // Unpaired surrogates in a .NET string are an error, not a silent U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BoundBuffer _min = new();
    private readonly BoundBuffer _max = new();
    private readonly ByteArrayDictionary? _dictionary;
    private readonly int _dictionaryMaxBytes;
    private bool _hasValue;

    public ByteArrayColumnChunkWriter(ParquetColumn column, DataPageWriter pageWriter, int pageMaxBytes, int dictionaryMaxBytes = 0)
        : base(column, pageWriter, pageMaxBytes)
    {
        _dictionaryMaxBytes = dictionaryMaxBytes;
        if (column.UseDictionary && dictionaryMaxBytes > 0)
        {
            _dictionary = new ByteArrayDictionary();
            _ids = new int[1024];
            IsDictionaryEncoding = true;
        }
    }

    /// <summary>Whether values now go to the dictionary (false once the chunk fell back to PLAIN).</summary>
    public bool IsDictionaryEncoding { get; private set; }

    public void Append(ReadOnlySpan<byte> value)
    {
        if (IsDictionaryEncoding && TryAppendToDictionary(value))
        {
            return;
        }

        var span = Values.GetSpan(sizeof(int) + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.CopyTo(span[sizeof(int)..]);
        Values.Advance(sizeof(int) + value.Length);
        Track(value);
        CommitValue();
    }

    /// <summary>Appends <paramref name="value"/> encoded as UTF-8 without an intermediate array.</summary>
    public void AppendUtf8(string value)
    {
        if (IsDictionaryEncoding)
        {
            var utf8 = EncodeToScratch(value);
            if (TryAppendToDictionary(utf8))
            {
                return;
            }

            Append(utf8);
            return;
        }

        var span = Values.GetSpan(sizeof(int) + StrictUtf8.GetMaxByteCount(value.Length));
        int length;
        try
        {
            length = StrictUtf8.GetBytes(value, span[sizeof(int)..]);
        }
        catch (EncoderFallbackException ex)
        {
            throw InvalidUtf16(value, ex);
        }

        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        Track(span.Slice(sizeof(int), length));
        Values.Advance(sizeof(int) + length);
        CommitValue();
    }

    protected override ColumnStatistics GetStatistics(long nullCount) =>
        _hasValue && _min.Length <= MaxStatisticsLength && _max.Length <= MaxStatisticsLength
            ? new(_min.ToArray(), _max.ToArray(), nullCount)
            : new(null, null, nullCount);

    protected override void ResetStatistics() => _hasValue = false;

    private ArgumentException InvalidUtf16(string value, EncoderFallbackException ex) =>
        new($"Column '{Column.Name}': the string is not valid UTF-16 (unpaired surrogate).", nameof(value), ex);

    private void Track(ReadOnlySpan<byte> value)
    {
        if (!_hasValue)
        {
            _min.Set(value);
            _max.Set(value);
            _hasValue = true;
        }
        else if (value.SequenceCompareTo(_min.Span) < 0)
        {
            _min.Set(value);
        }
        else if (value.SequenceCompareTo(_max.Span) > 0)
        {
            _max.Set(value);
        }
    }

    /// <summary>A reusable copy of the current bound, so tracking min/max does not allocate per value.</summary>
    private sealed class BoundBuffer
    {
        private byte[] _bytes = new byte[64];

        public int Length { get; private set; }

        public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

        public void Set(ReadOnlySpan<byte> value)
        {
            if (value.Length > _bytes.Length)
            {
                _bytes = new byte[Math.Max(value.Length, _bytes.Length * 2)];
            }

            value.CopyTo(_bytes);
            Length = value.Length;
        }

        public byte[] ToArray() => Span.ToArray();
    }
}
