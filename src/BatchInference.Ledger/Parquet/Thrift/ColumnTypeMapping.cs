using BatchInference.Ledger.Parquet.Columns;

namespace BatchInference.Ledger.Parquet.Thrift;

/// <summary>Which Parquet physical type stores each <see cref="ParquetColumnType"/>.</summary>
internal static class ColumnTypeMapping
{
    /// <summary>Decimals up to this precision fit INT32 (LogicalTypes.md: int32 for 1 &lt;= precision &lt;= 9).</summary>
    public const int MaxInt32DecimalPrecision = 9;

    /// <summary>Decimals up to this precision fit INT64 (LogicalTypes.md: int64 for 1 &lt;= precision &lt;= 18).</summary>
    public const int MaxInt64DecimalPrecision = 18;

    public static PhysicalType PhysicalTypeOf(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.String or ParquetColumnType.Binary => PhysicalType.ByteArray,
        ParquetColumnType.Int32 => PhysicalType.Int32,
        ParquetColumnType.Int64 or ParquetColumnType.TimestampMicrosUtc => PhysicalType.Int64,
        ParquetColumnType.Double => PhysicalType.Double,
        ParquetColumnType.Boolean => PhysicalType.Boolean,
        ParquetColumnType.Decimal => column.Precision switch
        {
            <= MaxInt32DecimalPrecision => PhysicalType.Int32,
            <= MaxInt64DecimalPrecision => PhysicalType.Int64,
            _ => PhysicalType.FixedLenByteArray,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown column type."),
    };

    /// <summary>
    /// Bytes of a FIXED_LEN_BYTE_ARRAY decimal: the fewest n whose signed range, 2^(8n-1) - 1, holds every unscaled
    /// value of the precision, 10^precision - 1 (LogicalTypes.md: "the minimum number of bytes … should be used").
    /// 16 bytes for 38 digits.
    /// </summary>
    public static int DecimalByteLength(int precision)
    {
        var largest = DecimalScaling.MaxUnscaled(precision);
        var length = 1;
        while (((UInt128)1 << ((8 * length) - 1)) - 1 < largest)
        {
            length++;
        }

        return length;
    }
}
