namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>What the footer needs to know about one flushed row group.</summary>
internal sealed record RowGroupMetadata(IReadOnlyList<ColumnChunkMetadata> Columns, long RowCount, long FileOffset)
{
    public long TotalUncompressedSize => Columns.Sum(c => c.TotalUncompressedSize);

    public long TotalCompressedSize => Columns.Sum(c => c.TotalCompressedSize);
}
