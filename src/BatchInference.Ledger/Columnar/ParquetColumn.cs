using Parquet.Schema;

namespace BatchInference.Ledger.Columnar;

/// <summary>One column of a flat Parquet schema. Create instances with the static factory methods.</summary>
public sealed record ParquetColumn
{
    /// <summary>The largest decimal precision: 38 digits, the widest DECIMAL of DuckDB, Spark and Arrow.</summary>
    public const int MaxDecimalPrecision = 38;

    // 10^0 to 10^28, the powers a C# decimal holds; checked once per decimal value written, so not recomputed.
    private static readonly decimal[] PowersOfTen = [.. Enumerable.Range(0, 29).Select(n => Enumerable.Repeat(10m, n).Aggregate(1m, (a, b) => a * b))];

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
    /// Whether a String column is dictionary-encoded: each column chunk stores its distinct values once in a dictionary
    /// page and the rows as small ids. Parquet.Net encodes no string column that way unless told to, so this is an
    /// explicit hint; leave it on for low-cardinality values (providers, models, units), off for ids unique per row.
    /// </summary>
    public bool UseDictionary { get; }

    /// <summary>A UTF-8 string column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    /// <param name="dictionary">Dictionary-encode it (see <see cref="UseDictionary"/>). Default true.</param>
    public static ParquetColumn String(string name, bool nullable = false, bool dictionary = true) =>
        new(name, ParquetColumnType.String, nullable, useDictionary: dictionary);

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

    /// <summary>A boolean column.</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    public static ParquetColumn Boolean(string name, bool nullable = false) =>
        new(name, ParquetColumnType.Boolean, nullable);

    /// <summary>A UTC timestamp column with millisecond resolution (see <see cref="ParquetColumnType.TimestampUtc"/>).</summary>
    /// <param name="name">Column name.</param>
    /// <param name="nullable">Whether the column accepts nulls.</param>
    public static ParquetColumn TimestampUtc(string name, bool nullable = false) =>
        new(name, ParquetColumnType.TimestampUtc, nullable);

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

    /// <summary>
    /// Whether <paramref name="value"/>'s integer part fits DECIMAL(<paramref name="precision"/>, <paramref name="scale"/>),
    /// that is |value| &lt; 10^(precision - scale); its decimal places are not checked.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="precision">Total digits, 1 to <see cref="MaxDecimalPrecision"/>.</param>
    /// <param name="scale">Digits after the decimal point, 0 to <paramref name="precision"/>.</param>
    public static bool IntegerPartFits(decimal value, int precision, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);

        // A C# decimal has at most 29 digits, so only integer parts narrower than that can overflow the column.
        var integerDigits = precision - scale;
        return integerDigits >= PowersOfTen.Length || Math.Abs(decimal.Truncate(value)) < PowersOfTen[integerDigits];
    }

    /// <summary>The Parquet.Net field this column is written as.</summary>
    internal DataField ToField() => Type switch
    {
        ParquetColumnType.String => new DataField<string>(Name, IsNullable),
        ParquetColumnType.Int32 => new DataField<int>(Name, IsNullable),
        ParquetColumnType.Int64 => new DataField<long>(Name, IsNullable),
        ParquetColumnType.Boolean => new DataField<bool>(Name, IsNullable),
        ParquetColumnType.TimestampUtc => new DateTimeDataField(
            Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: IsNullable),
        ParquetColumnType.Decimal => new DecimalDataField(
            Name, Precision, Scale, forceByteArrayEncoding: Precision > 18, isNullable: IsNullable),
        _ => throw new InvalidOperationException($"Unknown column type {Type}."),
    };
}
