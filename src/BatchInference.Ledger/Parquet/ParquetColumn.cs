namespace BatchInference.Ledger.Parquet;

/// <summary>One column of a flat Parquet schema. Create instances with the static factory methods.</summary>
public sealed record ParquetColumn
{
    /// <summary>
    /// The largest decimal precision this writer stores: 38 digits, the widest DECIMAL of DuckDB, Spark and Arrow
    /// (INT32 up to 9 digits, INT64 up to 18, FIXED_LEN_BYTE_ARRAY beyond).
    /// </summary>
    public const int MaxDecimalPrecision = 38;

    private ParquetColumn(
        string name, ParquetColumnType type, bool isNullable, int precision = 0, int scale = 0, bool useDictionary = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Type = type;
        IsNullable = isNullable;
        Precision = precision;
        Scale = scale;
        UseDictionary = useDictionary;
    }

    /// <summary>The column name as it appears in the file schema.</summary>
    public string Name { get; }

    /// <summary>The value type.</summary>
    public ParquetColumnType Type { get; }

    /// <summary>Whether rows may hold null in this column (OPTIONAL) or must hold a value (REQUIRED).</summary>
    public bool IsNullable { get; }

    /// <summary>Total number of decimal digits for <see cref="ParquetColumnType.Decimal"/>; 0 otherwise.</summary>
    public int Precision { get; }

    /// <summary>Digits after the decimal point for <see cref="ParquetColumnType.Decimal"/>; 0 otherwise.</summary>
    public int Scale { get; }

    /// <summary>
    /// Whether the writer tries dictionary encoding for this column (String and Binary only): each column chunk
    /// stores its distinct values once in a dictionary page and the rows as small ids (RLE_DICTIONARY). A chunk whose
    /// values hardly repeat, or whose dictionary outgrows <see cref="ParquetWriterOptions.DictionaryPageMaxBytes"/>,
    /// falls back to PLAIN by itself, so this is safe to leave on; turn it off for values known to be unique.
    /// </summary>
    public bool UseDictionary { get; }

    /// <summary>A UTF-8 string column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    /// <param name="dictionary">Try dictionary encoding (see <see cref="UseDictionary"/>). Default true.</param>
    public static ParquetColumn String(string name, bool nullable = false, bool dictionary = true) =>
        new(name, ParquetColumnType.String, nullable, useDictionary: dictionary);

    /// <summary>A raw byte array column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    /// <param name="dictionary">Try dictionary encoding (see <see cref="UseDictionary"/>). Default false: binary values rarely repeat.</param>
    public static ParquetColumn Binary(string name, bool nullable = false, bool dictionary = false) =>
        new(name, ParquetColumnType.Binary, nullable, useDictionary: dictionary);

    /// <summary>A signed 32-bit integer column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    public static ParquetColumn Int32(string name, bool nullable = false) =>
        new(name, ParquetColumnType.Int32, nullable);

    /// <summary>A signed 64-bit integer column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    public static ParquetColumn Int64(string name, bool nullable = false) =>
        new(name, ParquetColumnType.Int64, nullable);

    /// <summary>A double precision floating point column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    public static ParquetColumn Double(string name, bool nullable = false) =>
        new(name, ParquetColumnType.Double, nullable);

    /// <summary>A boolean column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    public static ParquetColumn Boolean(string name, bool nullable = false) =>
        new(name, ParquetColumnType.Boolean, nullable);

    /// <summary>A UTC timestamp column with microsecond resolution.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    public static ParquetColumn TimestampMicrosUtc(string name, bool nullable = false) =>
        new(name, ParquetColumnType.TimestampMicrosUtc, nullable);

    /// <summary>An exact decimal column, DECIMAL(<paramref name="precision"/>, <paramref name="scale"/>).</summary>
    /// <param name="name">Column name.</param>
    /// <param name="precision">Total digits, 1 to <see cref="MaxDecimalPrecision"/>.</param>
    /// <param name="scale">Digits after the decimal point, 0 to <paramref name="precision"/>.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    /// <exception cref="ArgumentOutOfRangeException">Precision or scale is out of range.</exception>
    public static ParquetColumn Decimal(string name, int precision, int scale, bool nullable = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxDecimalPrecision);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        return new(name, ParquetColumnType.Decimal, nullable, precision, scale);
    }
}
