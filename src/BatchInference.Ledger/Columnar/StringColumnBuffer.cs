using Parquet;

namespace BatchInference.Ledger.Columnar;

internal sealed class StringColumnBuffer(ParquetColumn column) : ColumnBuffer(column)
{
    private readonly List<string?> _values = [];

    public override int Count => _values.Count;

    public void Append(string value) => _values.Add(value);

    public override void AppendNull() => _values.Add(null);

    // Parquet.Net takes nulls in a string collection as nulls of an OPTIONAL column.
    public override Task WriteToAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, (IReadOnlyCollection<string>)_values);

    public override void Clear() => _values.Clear();
}
