namespace BatchInference.Ledger.Columnar;

/// <summary>A flat Parquet schema: an ordered list of uniquely named columns.</summary>
public sealed class ParquetSchema
{
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

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            ArgumentNullException.ThrowIfNull(column, nameof(columns));
            if (!names.Add(column.Name))
            {
                throw new ArgumentException($"Duplicate column name '{column.Name}'.", nameof(columns));
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

    /// <summary>
    /// The same schema with every <see cref="ParquetColumnType.Decimal"/> column narrower than
    /// <paramref name="precision"/> raised to it, scale and nullability kept: the wide variant of a file whose values
    /// do not all fit the narrow one.
    /// </summary>
    /// <param name="precision">The new precision, up to <see cref="ParquetColumn.MaxDecimalPrecision"/>.</param>
    public ParquetSchema WidenDecimals(int precision) => new(Columns.Select(c =>
        c.Type == ParquetColumnType.Decimal && c.Precision < precision
            ? ParquetColumn.Decimal(c.Name, precision, c.Scale, c.IsNullable)
            : c));
}
