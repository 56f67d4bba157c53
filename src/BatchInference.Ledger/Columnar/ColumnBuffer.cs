using Parquet;
using Parquet.Schema;

namespace BatchInference.Ledger.Columnar;

/// <summary>
/// One column's values of the row group being filled. Parquet.Net writes a row group column by column, so the row
/// writer collects each column here and hands it over whole when the group is flushed.
/// </summary>
internal abstract class ColumnBuffer(ParquetColumn column)
{
    public ParquetColumn Column { get; } = column;

    public DataField Field { get; } = column.ToField();

    /// <summary>Values (nulls included) held for the current row group.</summary>
    public abstract int Count { get; }

    public abstract void AppendNull();

    public abstract Task WriteToAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken);

    public abstract void Clear();

    public static ColumnBuffer For(ParquetColumn column) => column.Type switch
    {
        ParquetColumnType.String => new StringColumnBuffer(column),
        ParquetColumnType.Int32 => new ValueColumnBuffer<int>(column),
        ParquetColumnType.Int64 => new ValueColumnBuffer<long>(column),
        ParquetColumnType.Boolean => new ValueColumnBuffer<bool>(column),
        ParquetColumnType.TimestampUtc => new ValueColumnBuffer<DateTime>(column),
        ParquetColumnType.Decimal => new ValueColumnBuffer<decimal>(column),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown column type."),
    };
}
