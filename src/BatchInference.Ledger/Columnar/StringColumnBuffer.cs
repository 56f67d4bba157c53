using Parquet;

namespace BatchInference.Ledger.Columnar;

/// <summary>
/// A string column of the row group being filled. Values of a dictionary-encoded column repeat by design (provider,
/// model, currency, tags), but each row's value is usually a string object of its own (parsed from a ledger line), and
/// a whole row group is held until it is flushed: so repeats are stored as one shared instance, which keeps the group's
/// memory near one reference per row instead of one string per row.
/// </summary>
internal sealed class StringColumnBuffer(ParquetColumn column) : ColumnBuffer(column)
{
    private readonly List<string?> _values = [];
    private readonly HashSet<string>? _distinct = column.UseDictionary ? new(StringComparer.Ordinal) : null;

    public override int Count => _values.Count;

    public void Append(string value)
    {
        if (_distinct is not null)
        {
            if (_distinct.TryGetValue(value, out var shared))
            {
                value = shared;
            }
            else
            {
                _distinct.Add(value);
            }
        }

        _values.Add(value);
    }

    public override void AppendNull() => _values.Add(null);

    // Parquet.Net takes nulls in a string collection as nulls of an OPTIONAL column.
    public override Task WriteToAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(Field, (IReadOnlyCollection<string>)_values);

    public override void Clear()
    {
        _values.Clear();
        _distinct?.Clear();
    }
}
