namespace BatchInference.Ledger.Parquet;

/// <summary>The page compression codec of a Parquet file.</summary>
public enum ParquetCompression
{
    /// <summary>No compression.</summary>
    Uncompressed,

    /// <summary>Snappy block compression: fast, read by every Parquet reader. The default.</summary>
    Snappy,

    /// <summary>GZIP (RFC 1952): smaller, slower to write.</summary>
    Gzip,
}
