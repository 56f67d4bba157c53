namespace BatchInference.Ledger.Parquet;

/// <summary>A flat Parquet schema: an ordered list of uniquely named columns.</summary>
public sealed class ParquetSchema
{
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a schema from its columns, in file order.</summary>
    /// <param name="columns">At least one column; names must be unique (ordinal comparison).</param>
    /// <exception cref="ArgumentException">No columns, or a duplicate name.</exception>
    public ParquetSchema(IEnumerable<ParquetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        if (Columns.Count == 0)
        {
            throw new ArgumentException("A Parquet schema needs at least one column.", nameof(columns));
        }

        _indexByName = new Dictionary<string, int>(Columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(Columns[i], nameof(columns));
            if (!_indexByName.TryAdd(Columns[i].Name, i))
            {
                throw new ArgumentException($"Duplicate column name '{Columns[i].Name}'.", nameof(columns));
            }
        }
    }

    /// <summary>Creates a schema from its columns, in file order.</summary>
    /// <param name="columns">At least one column; names must be unique (ordinal comparison).</param>
    public ParquetSchema(params ParquetColumn[] columns)
        : this((IEnumerable<ParquetColumn>)columns)
    {
    }

    /// <summary>The columns in file order; a column's position is the index the writer methods take.</summary>
    public IReadOnlyList<ParquetColumn> Columns { get; }

    /// <summary>The position of the column named <paramref name="name"/>.</summary>
    /// <param name="name">Column name (ordinal comparison).</param>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public int IndexOf(string name) =>
        _indexByName.TryGetValue(name, out var index)
            ? index
            : throw new KeyNotFoundException($"The schema has no column named '{name}'.");
}
