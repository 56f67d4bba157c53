namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>What the footer needs to know about one flushed column chunk.</summary>
internal sealed record ColumnChunkMetadata(
    ParquetColumn Column,
    long ValueCount,
    long DataPageOffset,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    ColumnStatistics Statistics)
{
    /// <summary>Where the chunk's dictionary page starts (the chunk's start), or null without a dictionary.</summary>
    public long? DictionaryPageOffset { get; init; }

    /// <summary>Data pages whose values are PLAIN-encoded.</summary>
    public int PlainDataPageCount { get; init; }

    /// <summary>Data pages whose values are RLE_DICTIONARY ids.</summary>
    public int DictionaryDataPageCount { get; init; }
}
