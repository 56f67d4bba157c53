using BatchInference.Ledger.Columnar;

namespace BatchInference.Ledger.Focus;

/// <summary>
/// The decimal width of a report file, chosen per file before it is written. Narrow, DECIMAL(18,s), is an INT64 in
/// Parquet and what every report uses; a file holding any value narrow cannot (money of $1,000,000 or more at 12
/// decimals) is written wide, DECIMAL(38,s) as a 16-byte FIXED_LEN_BYTE_ARRAY, all its decimal columns together.
/// Readers merge both: DuckDB's <c>union_by_name</c> reads DECIMAL(38,s), and its SUM of either is DECIMAL(38,s).
/// </summary>
/// <remarks>
/// Per file, not per column: a file's schema is one of two, so readers and tests face two shapes, not one per subset
/// of columns; and wide files are rare (a single request never costs a million; aggregated reports have few rows), so
/// the speed narrow buys is kept where rows are many.
/// </remarks>
public static class MoneyWidth
{
    /// <summary>Precision of a narrow decimal column: 18 digits, the most an INT64 holds.</summary>
    public const int NarrowPrecision = 18;

    /// <summary>Precision of a wide decimal column: 38 digits, the widest DECIMAL of DuckDB, Spark and Arrow.</summary>
    public const int WidePrecision = ParquetColumn.MaxDecimalPrecision;

    /// <summary>Whether <paramref name="value"/> fits DECIMAL(18, <paramref name="scale"/>) without its integer part overflowing; null fits.</summary>
    /// <param name="value">The value (its decimal places are checked by the writer, which never rounds).</param>
    /// <param name="scale">The column's scale.</param>
    public static bool FitsNarrow(decimal? value, int scale) =>
        value is not { } v || ParquetColumn.IntegerPartFits(v, NarrowPrecision, scale);

    /// <summary>The schema a file is written with: <paramref name="narrow"/> itself, or its decimals widened to 38 digits.</summary>
    /// <param name="narrow">The schema with narrow decimal columns.</param>
    /// <param name="wide">Whether some value of the file does not fit narrow (see <see cref="FitsNarrow"/>).</param>
    public static ParquetSchema Schema(ParquetSchema narrow, bool wide)
    {
        ArgumentNullException.ThrowIfNull(narrow);
        return wide ? narrow.WidenDecimals(WidePrecision) : narrow;
    }
}
