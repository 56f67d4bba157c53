using System.Text.Unicode;
using BatchInference.Ledger.Parquet.Columns;

namespace BatchInference.Ledger.Parquet;

// The typed value setters: one per column type, each checking the column's type and that the row has no value
// for it yet, then appending without boxing or per-value allocation.
public sealed partial class ParquetWriter
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

        As<ByteArrayColumnChunkWriter>(column, ParquetColumnType.String).AppendUtf8(value);
    }

    /// <summary>Sets a <see cref="ParquetColumnType.String"/> column from text that is already UTF-8.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="utf8">UTF-8 bytes; invalid UTF-8 is rejected.</param>
    public void WriteStringUtf8(int column, ReadOnlySpan<byte> utf8)
    {
        var writer = As<ByteArrayColumnChunkWriter>(column, ParquetColumnType.String);
        if (!Utf8.IsValid(utf8))
        {
            throw new ArgumentException($"Column '{writer.Column.Name}': the bytes are not valid UTF-8.", nameof(utf8));
        }

        writer.Append(utf8);
    }

    /// <summary>Sets a <see cref="ParquetColumnType.Binary"/> column.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The bytes (copied).</param>
    public void WriteBinary(int column, ReadOnlySpan<byte> value) =>
        As<ByteArrayColumnChunkWriter>(column, ParquetColumnType.Binary).Append(value);

    /// <summary>Sets a <see cref="ParquetColumnType.Int32"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    public void WriteInt32(int column, int? value)
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        As<IntegerColumnChunkWriter<int>>(column, ParquetColumnType.Int32).Append(v);
    }

    /// <summary>Sets a <see cref="ParquetColumnType.Int64"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    public void WriteInt64(int column, long? value)
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        As<IntegerColumnChunkWriter<long>>(column, ParquetColumnType.Int64).Append(v);
    }

    /// <summary>Sets a <see cref="ParquetColumnType.Double"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value; NaN and infinities are allowed.</param>
    public void WriteDouble(int column, double? value)
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        As<DoubleColumnChunkWriter>(column, ParquetColumnType.Double).Append(v);
    }

    /// <summary>Sets a <see cref="ParquetColumnType.Boolean"/> column; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    public void WriteBoolean(int column, bool? value)
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        As<BooleanColumnChunkWriter>(column, ParquetColumnType.Boolean).Append(v);
    }

    /// <summary>
    /// Sets a <see cref="ParquetColumnType.TimestampMicrosUtc"/> column; null writes a null. The instant is stored in
    /// UTC; ticks below a microsecond are truncated toward the past (floor), as other Parquet writers do.
    /// </summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The instant (any offset).</param>
    public void WriteTimestamp(int column, DateTimeOffset? value)
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        var ticks = v.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var micros = Math.DivRem(ticks, TimeSpan.TicksPerMicrosecond, out var remainder);
        if (remainder < 0)
        {
            micros--;
        }

        As<IntegerColumnChunkWriter<long>>(column, ParquetColumnType.TimestampMicrosUtc).Append(micros);
    }

    /// <summary>Sets a <see cref="ParquetColumnType.Decimal"/> column exactly; null writes a null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The value has more decimal places than the column's scale or more digits than its precision. It is never rounded.
    /// </exception>
    public void WriteDecimal(int column, decimal? value)
    {
        if (value is not { } v)
        {
            WriteNull(column);
            return;
        }

        var writer = Prepare(column, ParquetColumnType.Decimal);
        var unscaled = DecimalScaling.ToUnscaled(v, writer.Column.Precision, writer.Column.Scale);
        switch (writer)
        {
            case IntegerColumnChunkWriter<int> int32:
                int32.Append((int)unscaled);
                break;
            case IntegerColumnChunkWriter<long> int64:
                int64.Append((long)unscaled);
                break;
            default:
                ((FixedDecimalColumnChunkWriter)writer).Append(unscaled);
                break;
        }
    }

    /// <summary>Sets a nullable column of any type to null.</summary>
    /// <param name="column">Column index in <see cref="Schema"/>.</param>
    /// <exception cref="ArgumentException">The column is required.</exception>
    public void WriteNull(int column) => Prepare(column, expected: null).AppendNull();
}
