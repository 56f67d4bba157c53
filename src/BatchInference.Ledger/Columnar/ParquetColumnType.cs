namespace BatchInference.Ledger.Columnar;

/// <summary>The value type of a <see cref="ParquetColumn"/>; each maps to one Parquet physical + logical type.</summary>
public enum ParquetColumnType
{
    /// <summary>UTF-8 text: BYTE_ARRAY annotated STRING.</summary>
    String,

    /// <summary>Signed 32-bit integer: INT32.</summary>
    Int32,

    /// <summary>Signed 64-bit integer: INT64.</summary>
    Int64,

    /// <summary>Boolean: BOOLEAN.</summary>
    Boolean,

    /// <summary>
    /// An instant in UTC with millisecond resolution: INT64 annotated TIMESTAMP(isAdjustedToUTC=true, MILLIS). Not
    /// MICROS: Parquet.Net 6.1 writes the min/max statistics of MICROS columns in milliseconds (upstream issue #769), so
    /// readers that prune row groups by statistics (DuckDB) skip rows a timestamp filter should return.
    /// </summary>
    TimestampUtc,

    /// <summary>
    /// Exact decimal: INT32 (precision &lt;= 9), INT64 (precision &lt;= 18) or FIXED_LEN_BYTE_ARRAY (up to 38) holding
    /// the unscaled value, annotated DECIMAL(precision, scale).
    /// </summary>
    Decimal,
}
