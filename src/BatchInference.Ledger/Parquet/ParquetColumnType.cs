namespace BatchInference.Ledger.Parquet;

/// <summary>The value type of a <see cref="ParquetColumn"/>; each maps to one Parquet physical + logical type.</summary>
public enum ParquetColumnType
{
    /// <summary>UTF-8 text: BYTE_ARRAY annotated STRING (converted type UTF8).</summary>
    String,

    /// <summary>Raw bytes: BYTE_ARRAY without annotation.</summary>
    Binary,

    /// <summary>Signed 32-bit integer: INT32.</summary>
    Int32,

    /// <summary>Signed 64-bit integer: INT64.</summary>
    Int64,

    /// <summary>IEEE 754 double: DOUBLE.</summary>
    Double,

    /// <summary>Boolean: BOOLEAN.</summary>
    Boolean,

    /// <summary>
    /// An instant in UTC with microsecond resolution: INT64 annotated TIMESTAMP(isAdjustedToUTC=true, MICROS)
    /// (converted type TIMESTAMP_MICROS).
    /// </summary>
    TimestampMicrosUtc,

    /// <summary>
    /// Exact decimal: INT32 (precision &lt;= 9), INT64 (precision &lt;= 18) or a big-endian two's complement
    /// FIXED_LEN_BYTE_ARRAY of the fewest bytes that hold the precision (up to 38) holding the unscaled value, annotated
    /// DECIMAL(precision, scale) (converted type DECIMAL).
    /// </summary>
    Decimal,
}
