namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>What the footer needs to know about one flushed column chunk.</summary>
internal sealed record ColumnChunkMetadata(
    ParquetColumn Column,
    long ValueCount,
    long DataPageOffset,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    ColumnStatistics Statistics);
