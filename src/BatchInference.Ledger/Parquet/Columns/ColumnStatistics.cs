namespace BatchInference.Ledger.Parquet.Columns;

/// <summary>
/// Column chunk statistics as stored in the footer: PLAIN-encoded bounds (no length prefix for byte arrays),
/// ordered by the column's type-defined order, or null when the chunk has no (non-NaN) values.
/// </summary>
internal sealed record ColumnStatistics(byte[]? Min, byte[]? Max, long NullCount, long? NanCount = null);
