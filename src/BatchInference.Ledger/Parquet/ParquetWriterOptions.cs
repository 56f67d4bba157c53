namespace BatchInference.Ledger.Parquet;

/// <summary>Settings of a <see cref="ParquetWriter"/>. Memory use is bounded by one row group.</summary>
public sealed class ParquetWriterOptions
{
    /// <summary>Page compression codec. Default <see cref="ParquetCompression.Snappy"/>.</summary>
    public ParquetCompression Compression { get; set; } = ParquetCompression.Snappy;

    /// <summary>A row group is flushed to the stream once it holds this many rows. Default 1,000,000.</summary>
    public int RowGroupMaxRows { get; set; } = 1_000_000;

    /// <summary>
    /// A row group is also flushed once its buffered (compressed) pages reach this many bytes, which is what bounds
    /// memory for wide rows. Default 128 MiB.
    /// </summary>
    public long RowGroupMaxBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>A data page is closed (and compressed) once its values reach this many bytes. Default 1 MiB.</summary>
    public int DataPageMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest dictionary (its PLAIN-encoded distinct values) a column chunk of a
    /// <see cref="ParquetColumn.UseDictionary"/> column builds; past it the rest of the chunk is PLAIN-encoded.
    /// Default 1 MiB.
    /// </summary>
    public int DictionaryPageMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Optional key/value pairs stored in the file footer (written in ordinal key order).</summary>
    public IDictionary<string, string> KeyValueMetadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or count is not positive, or the codec is unknown.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "Unknown compression codec.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RowGroupMaxRows, 1, nameof(RowGroupMaxRows));
        ArgumentOutOfRangeException.ThrowIfLessThan(RowGroupMaxBytes, 1, nameof(RowGroupMaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(DataPageMaxBytes, 1, nameof(DataPageMaxBytes));

        // A page is one Thrift i32-sized unit; stay well clear of that limit.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DataPageMaxBytes, 256 * 1024 * 1024, nameof(DataPageMaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(DictionaryPageMaxBytes, 1, nameof(DictionaryPageMaxBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DictionaryPageMaxBytes, 256 * 1024 * 1024, nameof(DictionaryPageMaxBytes));
        foreach (var (key, value) in KeyValueMetadata)
        {
            ArgumentException.ThrowIfNullOrEmpty(key, nameof(KeyValueMetadata));
            ArgumentNullException.ThrowIfNull(value, nameof(KeyValueMetadata));
        }
    }
}
