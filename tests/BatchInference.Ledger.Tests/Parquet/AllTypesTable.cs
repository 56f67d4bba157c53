using System.Globalization;
using System.Text;
using BatchInference.Ledger.Parquet;

namespace BatchInference.Ledger.Tests.Parquet;

/// <summary>One row of the every-type test table.</summary>
internal sealed record AllTypesRow(
    long Id,
    string? Name,
    byte[]? Blob,
    int I32,
    long? I64,
    double? Dbl,
    bool? Flag,
    DateTimeOffset Ts,
    decimal? Dec18,
    decimal Dec9);

/// <summary>A table with every column type, nullable and required, full of edge values, and what DuckDB should see.</summary>
internal static class AllTypesTable
{
    public static ParquetSchema Schema { get; } = new(
        ParquetColumn.Int64("id"),
        ParquetColumn.String("name", nullable: true),
        ParquetColumn.Binary("blob", nullable: true),
        ParquetColumn.Int32("i32"),
        ParquetColumn.Int64("i64", nullable: true),
        ParquetColumn.Double("dbl", nullable: true),
        ParquetColumn.Boolean("flag", nullable: true),
        ParquetColumn.TimestampMicrosUtc("ts"),
        ParquetColumn.Decimal("dec18", 18, 10, nullable: true),
        ParquetColumn.Decimal("dec9", 9, 2),
        ParquetColumn.String("all_null", nullable: true));

    /// <summary>Names as text: UTF-8 byte order and UTF-16 order disagree on some (é vs z, U+FFFD vs emoji).</summary>
    private static readonly string[] Names = ["", "zebra", "éclair", "日本語", "\uFFFD", "🎉 party", "a"];

    public static IReadOnlyList<AllTypesRow> Generate(int count)
    {
        var start = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        return [.. Enumerable.Range(0, count).Select(i => new AllTypesRow(
            Id: i,
            Name: i % 9 == 8 ? null : Names[i % Names.Length] + (i % 2 == 0 ? string.Empty : i.ToString(CultureInfo.InvariantCulture)),
            Blob: i % 5 == 0 ? null : i % 5 == 1 ? [] : [(byte)(i % 32), 0xFF, 0x00],
            I32: i switch { 3 => int.MinValue, 4 => int.MaxValue, _ => (i * 37) - 1000 },
            I64: i switch { 1 => long.MinValue, 2 => long.MaxValue, _ when i % 3 == 0 => null, _ => i * 1_000_000_007L * (i % 2 == 0 ? 1 : -1) },
            Dbl: i switch { _ when i % 11 == 0 => null, 5 => -0.0, 105 => 0.0, _ => (i * 0.25) - 30 },
            Flag: i % 4 == 0 ? null : i % 3 == 0,
            Ts: i == 7
                ? new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_995) // -0.5 µs: floors to -1 µs
                : start.AddTicks(i * 36_012_345_678L),
            Dec18: i switch
            {
                9 => 99_999_999.9999999999m,
                10 => -99_999_999.9999999999m,
                11 => 1.50000000000000m, // scale 14 with trailing zeros: fits scale 10 exactly
                _ when i % 6 == 0 => null,
                _ => (i - 125) * 123.4567890123m,
            },
            Dec9: i == 12 ? 9_999_999.99m : (i - 100) * 12.34m))];
    }

    /// <summary>Writes the rows, setting the columns of each row in reverse order (order must not matter).</summary>
    public static async Task WriteAsync(ParquetWriter writer, IEnumerable<AllTypesRow> rows)
    {
        foreach (var row in rows)
        {
            writer.WriteNull(10);
            writer.WriteDecimal(9, row.Dec9);
            writer.WriteDecimal(8, row.Dec18);
            writer.WriteTimestamp(7, row.Ts);
            writer.WriteBoolean(6, row.Flag);
            writer.WriteDouble(5, row.Dbl);
            writer.WriteInt64(4, row.I64);
            writer.WriteInt32(3, row.I32);
            if (row.Blob is null)
            {
                writer.WriteNull(2);
            }
            else
            {
                writer.WriteBinary(2, row.Blob);
            }

            writer.WriteString(1, row.Name);
            writer.WriteInt64(0, row.Id);
            await writer.EndRowAsync();
        }
    }

    /// <summary>Microseconds since the Unix epoch, floored, computed without the writer's integer arithmetic.</summary>
    public static long EpochMicros(DateTimeOffset value) =>
        (long)Math.Floor((decimal)(value.UtcDateTime - DateTime.UnixEpoch).Ticks / 10m);

    /// <summary>
    /// Expected chunk statistics (null count, min, max) of column <paramref name="name"/> over <paramref name="rows"/>,
    /// in the text DuckDB's parquet_metadata shows (timestamps as epoch micros, doubles compared as numbers).
    /// </summary>
    public static (long Nulls, string? Min, string? Max) ExpectedStatistics(string name, IReadOnlyList<AllTypesRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        return name switch
        {
            "id" => Stats(rows.Select(r => (long?)r.Id), v => v.ToString(inv)),
            "name" => StatsOrdered(rows.Select(r => r.Name), Utf8Comparer.Instance, v => v),
            "blob" => StatsOrdered(rows.Select(r => r.Blob), ByteComparer.Instance, DuckDbBlobText),
            "i32" => Stats(rows.Select(r => (int?)r.I32), v => v.ToString(inv)),
            "i64" => Stats(rows.Select(r => r.I64), v => v.ToString(inv)),
            "dbl" => Stats(rows.Select(r => r.Dbl), v => v.ToString("R", inv)),
            "flag" => Stats(rows.Select(r => r.Flag), v => v ? "true" : "false"),
            "ts" => Stats(rows.Select(r => (long?)EpochMicros(r.Ts)), v => v.ToString(inv)),
            "dec18" => Stats(rows.Select(r => r.Dec18), v => v.ToString("F10", inv)),
            "dec9" => Stats(rows.Select(r => (decimal?)r.Dec9), v => v.ToString("F2", inv)),
            "all_null" => (rows.Count, null, null),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown column."),
        };
    }

    private static (long, string?, string?) Stats<T>(IEnumerable<T?> values, Func<T, string> format)
        where T : struct, IComparable<T>
    {
        var list = values.ToList();
        var present = list.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return present.Count == 0
            ? (list.Count, null, null)
            : (list.Count - present.Count, format(present.Min()), format(present.Max()));
    }

    private static (long, string?, string?) StatsOrdered<T>(IEnumerable<T?> values, IComparer<T> comparer, Func<T, string> format)
        where T : class
    {
        var list = values.ToList();
        var present = list.Where(v => v is not null).Select(v => v!).Order(comparer).ToList();
        return present.Count == 0
            ? (list.Count, null, null)
            : (list.Count - present.Count, format(present[0]), format(present[^1]));
    }

    // DuckDB prints blob bytes outside printable ASCII as \xHH; the test blobs use only such bytes.
    private static string DuckDbBlobText(byte[] bytes) =>
        string.Concat(bytes.Select(b => "\\x" + b.ToString("X2", CultureInfo.InvariantCulture)));

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                if (x[i] != y[i])
                {
                    return x[i].CompareTo(y[i]);
                }
            }

            return x.Length.CompareTo(y.Length);
        }
    }

    private sealed class Utf8Comparer : IComparer<string>
    {
        public static readonly Utf8Comparer Instance = new();

        public int Compare(string? x, string? y) =>
            ByteComparer.Instance.Compare(Encoding.UTF8.GetBytes(x!), Encoding.UTF8.GetBytes(y!));
    }
}
