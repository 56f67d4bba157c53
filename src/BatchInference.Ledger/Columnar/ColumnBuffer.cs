using Parquet;
using Parquet.Schema;

namespace BatchInference.Ledger.Columnar;

/// <summary>
/// One column's values of the row group being filled. Parquet.Net writes a row group column by column, so the row
/// writer collects each column here and hands it over whole when the group is flushed.
/// </summary>
internal abstract class ColumnBuffer(ParquetColumn column, DataField field)
{
    public ParquetColumn Column { get; } = column;

    /// <summary>The field of the file schema; Parquet.Net accepts only the schema's own instances.</summary>
    public DataField Field { get; } = field;

    /// <summary>Values (nulls included) held for the current row group.</summary>
    public abstract int Count { get; }

    public abstract void AppendNull();

    public abstract Task WriteToAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken);

    public abstract void Clear();

    public static ColumnBuffer For(ParquetColumn column, DataField field) => column.Type switch
    {
        ParquetColumnType.String => new StringColumnBuffer(column, field),
        ParquetColumnType.Int32 => new ValueColumnBuffer<int>(column, field),
        ParquetColumnType.Int64 => new ValueColumnBuffer<long>(column, field),
        ParquetColumnType.Boolean => new ValueColumnBuffer<bool>(column, field),
        ParquetColumnType.TimestampUtc => new ValueColumnBuffer<DateTime>(column, field),
        ParquetColumnType.Decimal => new ValueColumnBuffer<decimal>(column, field),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, "Unknown column type."),
    };
}
