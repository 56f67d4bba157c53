using Parquet;

namespace BatchInference.Ledger.Columnar;

/// <summary>A column of a value type: REQUIRED columns as <typeparamref name="T"/>, OPTIONAL ones as <c>T?</c>.</summary>
internal sealed class ValueColumnBuffer<T>(ParquetColumn column) : ColumnBuffer(column)
    where T : struct
{
    private T[] _values = [];
    private T?[] _nullable = [];
    private int _count;

    public override int Count => _count;

    public void Append(T value)
    {
        if (Column.IsNullable)
        {
            Grow(ref _nullable)[_count++] = value;
        }
        else
        {
            Grow(ref _values)[_count++] = value;
        }
    }

    public override void AppendNull() => Grow(ref _nullable)[_count++] = null;

    public override Task WriteToAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        Column.IsNullable
            ? rowGroup.WriteAsync(Field, new ReadOnlyMemory<T?>(_nullable, 0, _count), cancellationToken: cancellationToken)
            : rowGroup.WriteAsync(Field, new ReadOnlyMemory<T>(_values, 0, _count), cancellationToken: cancellationToken);

    public override void Clear() => _count = 0;

    private TItem[] Grow<TItem>(ref TItem[] array)
    {
        if (_count == array.Length)
        {
            Array.Resize(ref array, Math.Max(1024, array.Length * 2));
        }

        return array;
    }
}
