namespace BatchInference.Ledger.Columnar;

// The typed value setters: one per column type, each checking the column's type and that the row has no value for it
// yet, then appending to the column's buffer.
public sealed partial class ParquetRowWriter
{
    /// <summary>Sets a <see cref="ParquetColumnType.String"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The text, stored as UTF-8.</param>
    public void WriteString(int column, string? value)
    {
        if (value is null)
        {
            WriteNull(column);
            return;
        }

        Prepare<StringColumnBuffer>(column, ParquetColumnType.String).Append(value);
    }

    /// <summary>Sets a <see cref="ParquetColumnType.Int32"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    public void WriteInt32(int column, int? value) => Write(column, ParquetColumnType.Int32, value);

    /// <summary>Sets a <see cref="ParquetColumnType.Int64"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    public void WriteInt64(int column, long? value) => Write(column, ParquetColumnType.Int64, value);

    /// <summary>Sets a <see cref="ParquetColumnType.Boolean"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    public void WriteBoolean(int column, bool? value) => Write(column, ParquetColumnType.Boolean, value);

    /// <summary>
    /// Sets a <see cref="ParquetColumnType.TimestampUtc"/> column; null writes a null. The instant is stored in UTC,
    /// truncated to the millisecond toward the past.
    /// </summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The instant (any offset).</param>
    public void WriteTimestamp(int column, DateTimeOffset? value) =>
        Write<DateTime>(column, ParquetColumnType.TimestampUtc, value is { } v ? ToMillisecond(v) : null);

    /// <summary>Sets a <see cref="ParquetColumnType.Decimal"/> column exactly; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The value has more decimal places than the column's scale or more digits than its precision. It is never
    /// rounded (Parquet.Net would round it silently).
    /// </exception>
    public void WriteDecimal(int column, decimal? value)
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        var buffer = Prepare<ValueColumnBuffer<decimal>>(column, ParquetColumnType.Decimal);
        var (precision, scale) = (buffer.Column.Precision, buffer.Column.Scale);
        if (decimal.Round(v, scale) != v)
        {
            throw new ArgumentOutOfRangeException(
                nameof(value), v, $"Column '{buffer.Column.Name}' keeps {scale} decimal places; the value would be rounded.");
        }

        if (!ParquetColumn.IntegerPartFits(v, precision, scale))
        {
            throw new ArgumentOutOfRangeException(
                nameof(value), v, $"Column '{buffer.Column.Name}' is DECIMAL({precision},{scale}); the value has too many digits.");
        }

        buffer.Append(v);
    }

    /// <summary>Sets a nullable column of any type to null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <exception cref="ArgumentException">The column is required.</exception>
    public void WriteNull(int column)
    {
        var buffer = Prepare(column);
        if (!buffer.Column.IsNullable)
        {
            throw new ArgumentException($"Column '{buffer.Column.Name}' is required; it cannot take a null.", nameof(column));
        }

        buffer.AppendNull();
    }

    private void Write<T>(int column, ParquetColumnType type, T? value)
        where T : struct
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        Prepare<ValueColumnBuffer<T>>(column, type).Append(v);
    }

    private static DateTime ToMillisecond(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}
