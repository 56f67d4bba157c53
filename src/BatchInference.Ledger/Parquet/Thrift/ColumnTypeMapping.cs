namespace BatchInference.Ledger.Parquet.Thrift;

/// <summary>Which Parquet physical type stores each <see cref="ParquetColumnType"/>.</summary>
internal static class ColumnTypeMapping
{
    /// <summary>Decimals up to this precision fit INT32 (LogicalTypes.md: int32 for 1 &lt;= precision &lt;= 9).</summary>
    public const int MaxInt32DecimalPrecision = 9;

    public static PhysicalType PhysicalTypeOf(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.String or ParquetColumnType.Binary => PhysicalType.ByteArray,
        ParquetColumnType.Int32 => PhysicalType.Int32,
        ParquetColumnType.Int64 or ParquetColumnType.TimestampMicrosUtc => PhysicalType.Int64,
        ParquetColumnType.Double => PhysicalType.Double,
        ParquetColumnType.Boolean => PhysicalType.Boolean,
        ParquetColumnType.Decimal => column.Precision <= MaxInt32DecimalPrecision ? PhysicalType.Int32 : PhysicalType.Int64,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown column type."),
    };
}
