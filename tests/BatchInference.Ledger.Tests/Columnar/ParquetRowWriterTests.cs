using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Columnar;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Columnar;

// Files written through the adapter, read back by DuckDB and hyparquet; and the misuses the adapter refuses before
// Parquet.Net sees them (Parquet.Net itself would round a decimal silently).
public sealed class ParquetRowWriterTests : IDisposable
{
    private static readonly ParquetSchema Schema = new(
        ParquetColumn.Int64("id"),
        ParquetColumn.String("name", nullable: true),
        ParquetColumn.String("code", dictionary: false),
        ParquetColumn.Int32("i32", nullable: true),
        ParquetColumn.Boolean("flag", nullable: true),
        ParquetColumn.TimestampUtc("ts"),
        ParquetColumn.Decimal("dec9", 9, 2),
        ParquetColumn.Decimal("dec18", 18, 10, nullable: true),
        ParquetColumn.Decimal("dec38", 38, 12));

    private readonly string _directory = Directory.CreateTempSubdirectory("bi-parquet-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task CompleteAsync_EveryTypeInSeveralRowGroups_DuckDbAndHyparquetReadExactValues()
    {
        var path = Path.Combine(_directory, "all-types.parquet");
        await using (var file = File.Create(path))
        {
            var writer = await WriteRowsAsync(file, rows: 250, rowGroupMaxRows: 100);
            Assert.Equal((250, 3), (writer.RowCount, writer.RowGroupCount));
        }

        var f = DuckDbQuery.Literal(path);
        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT list(column_name || ' ' || column_type) FROM (DESCRIBE SELECT * FROM read_parquet({{f}}))) AS columns,
              (SELECT count(DISTINCT row_group_id)::INTEGER FROM parquet_metadata({{f}})) AS row_groups,
              (SELECT {dec9: sum(dec9)::VARCHAR, dec18: sum(dec18)::VARCHAR, dec38: sum(dec38)::VARCHAR, nulls: (count(*) - count(name))::INTEGER}
                 FROM read_parquet({{f}})) AS sums
            """)).Single();
        Assert.Equal(
            ["id BIGINT", "name VARCHAR", "code VARCHAR", "i32 INTEGER", "flag BOOLEAN", "ts TIMESTAMP WITH TIME ZONE",
             "dec9 DECIMAL(9,2)", "dec18 DECIMAL(18,10)", "dec38 DECIMAL(38,12)"],
            result.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(3, result.GetProperty("row_groups").GetInt32());
        var sums = result.GetProperty("sums");
        var inv = CultureInfo.InvariantCulture;
        Assert.Equal(Enumerable.Range(0, 250).Sum(Dec9).ToString("F2", inv), sums.GetProperty("dec9").GetString());
        Assert.Equal(Enumerable.Range(0, 250).Sum(i => Dec18(i) ?? 0m).ToString("F10", inv), sums.GetProperty("dec18").GetString());
        Assert.Equal(Enumerable.Range(0, 250).Sum(Dec38).ToString("F12", inv), sums.GetProperty("dec38").GetString());
        Assert.Equal(Enumerable.Range(0, 250).Count(i => Name(i) is null), sums.GetProperty("nulls").GetInt32());

        var duck = await DuckDbQuery.QueryAsync($"""
            SELECT id::VARCHAR AS id, name, code, i32::VARCHAR AS i32, flag::VARCHAR AS flag,
                   strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS ts, dec9::VARCHAR AS dec9,
                   dec18::VARCHAR AS dec18, dec38::VARCHAR AS dec38
            FROM read_parquet({f}) t ORDER BY t.id
            """);
        var hyparquet = await HyparquetQuery.ReadRowsAsync(path);
        string[] columns = ["id", "name", "code", "i32", "flag", "ts", "dec9", "dec18", "dec38"];
        List<string> Rows(IEnumerable<JsonElement> rows) => [.. rows.Select(r => string.Join('|', columns.Select(c => JsonRows.Text(r, c) ?? "<null>")))];
        var expected = Enumerable.Range(0, 250).Select(i => string.Join('|',
            i.ToString(inv), Name(i) ?? "<null>", $"c{i}", I32(i)?.ToString(inv) ?? "<null>", Flag(i)?.ToString(inv).ToLowerInvariant() ?? "<null>",
            Ts(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'000Z'", inv), Dec9(i).ToString("F2", inv), Dec18(i)?.ToString("F10", inv) ?? "<null>",
            Dec38(i).ToString("F12", inv))).ToList();
        Assert.Equal(expected, Rows(duck));
        Assert.Equal(expected, Rows(hyparquet));
    }

    [Fact]
    public async Task WriteTimestamp_SubMillisecondInstant_StoredTruncatedToTheMillisecondInUtc()
    {
        using var output = new MemoryStream();
        var writer = new ParquetRowWriter(output, new ParquetSchema(ParquetColumn.TimestampUtc("ts")));
        writer.WriteTimestamp(0, new DateTimeOffset(2026, 3, 1, 1, 30, 0, 123, TimeSpan.FromHours(2)).AddTicks(9999));
        await writer.EndRowAsync();
        await writer.CompleteAsync();
        var path = Path.Combine(_directory, "ts.parquet");
        await File.WriteAllBytesAsync(path, output.ToArray());

        var row = (await DuckDbQuery.QueryAsync($"""
            SELECT strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f') AS ts, unit FROM read_parquet({DuckDbQuery.Literal(path)}),
                   (SELECT logical_type AS unit FROM parquet_schema({DuckDbQuery.Literal(path)}) WHERE name = 'ts')
            """)).Single();

        Assert.Equal("2026-02-28T23:30:00.123000", row.GetProperty("ts").GetString());
        Assert.Contains("MILLIS=MilliSeconds()", row.GetProperty("unit").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, "1.005")]
    [InlineData(7, "0.00000000001")]
    public void WriteDecimal_MoreDecimalPlacesThanScale_ThrowsInsteadOfRounding(int column, string value)
    {
        var writer = new ParquetRowWriter(Stream.Null, Schema);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteDecimal(column, decimal.Parse(value, CultureInfo.InvariantCulture)));

        // Nothing was written: the column still takes its value for this row.
        writer.WriteDecimal(column, 1.5m);
    }

    [Fact]
    public void WriteDecimal_TooManyIntegerDigits_Throws()
    {
        var writer = new ParquetRowWriter(Stream.Null, Schema);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteDecimal(6, 10_000_000m));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteDecimal(7, -100_000_000m));
        writer.WriteDecimal(6, -9_999_999.99m);
    }

    [Fact]
    public void Write_WrongTypeNullIntoRequiredOrTwiceInARow_ThrowsWithTheColumnName()
    {
        var writer = new ParquetRowWriter(Stream.Null, Schema);

        Assert.Contains("'code'", Assert.Throws<ArgumentException>(() => writer.WriteInt64(2, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("'id'", Assert.Throws<ArgumentException>(() => writer.WriteNull(0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteInt64(9, 1));
        writer.WriteInt64(0, 1);
        Assert.Throws<InvalidOperationException>(() => writer.WriteInt64(0, 2));
    }

    [Fact]
    public async Task EndRowAsync_MissingColumn_ThrowsAndTheRowCanStillBeCompleted()
    {
        using var output = new MemoryStream();
        var writer = new ParquetRowWriter(output, Schema);
        WriteRow(writer, 0, skipLast: true);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.EndRowAsync().AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync());

        writer.WriteDecimal(8, 1m);
        await writer.EndRowAsync();
        await writer.CompleteAsync();
        Assert.Throws<InvalidOperationException>(() => writer.WriteInt64(0, 1));
        Assert.Equal(1, writer.RowCount);
    }

    [Fact]
    public async Task CompleteAsync_SameRowsInManyRowGroupsTwice_SameBytesInOrder()
    {
        // Many small row groups: Parquet.Net writes no time or random value, so the same rows give the same bytes.
        async Task<byte[]> WriteAsync()
        {
            using var output = new MemoryStream();
            await WriteRowsAsync(output, rows: 200, rowGroupMaxRows: 7);
            return output.ToArray();
        }

        var first = await WriteAsync();
        var path = Path.Combine(_directory, "groups.parquet");
        await File.WriteAllBytesAsync(path, first);
        var f = DuckDbQuery.Literal(path);
        var row = (await DuckDbQuery.QueryAsync($"""
            SELECT (SELECT list(id ORDER BY file_row_number)::VARCHAR FROM read_parquet({f}, file_row_number = true)) AS ids,
                   (SELECT count(DISTINCT row_group_id)::INTEGER FROM parquet_metadata({f})) AS row_groups
            """)).Single();

        Assert.Equal(first, await WriteAsync());
        Assert.Equal($"[{string.Join(", ", Enumerable.Range(0, 200))}]", row.GetProperty("ids").GetString());
        Assert.Equal(29, row.GetProperty("row_groups").GetInt32());
    }

    [Fact]
    public async Task EndRowAsync_StreamFailsDuringARowGroupWrite_ThatErrorIsThrownThenEveryCallThrows()
    {
        var writer = new ParquetRowWriter(new FailingStream(), new ParquetSchema(ParquetColumn.Int64("id")), rowGroupMaxRows: 2);
        await using var _ = writer;

        var error = await Record.ExceptionAsync(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                writer.WriteInt64(0, i);
                await writer.EndRowAsync();
            }

            await writer.CompleteAsync();
        });

        Assert.Equal("disk full", Assert.IsType<IOException>(error).Message);
        Assert.Contains("unusable", Assert.Throws<InvalidOperationException>(() => writer.WriteInt64(0, 1)).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync());
    }

    /// <summary>Writes rows 0 to <paramref name="rows"/> - 1 and completes the file; a completed writer holds nothing.</summary>
    private static async Task<ParquetRowWriter> WriteRowsAsync(Stream output, int rows, int rowGroupMaxRows)
    {
        var writer = new ParquetRowWriter(output, Schema, rowGroupMaxRows);
        for (var i = 0; i < rows; i++)
        {
            WriteRow(writer, i);
            await writer.EndRowAsync();
        }

        await writer.CompleteAsync();
        return writer;
    }

    private static void WriteRow(ParquetRowWriter writer, int i, bool skipLast = false)
    {
        writer.WriteInt64(0, i);
        writer.WriteString(1, Name(i));
        writer.WriteString(2, $"c{i}");
        writer.WriteInt32(3, I32(i));
        writer.WriteBoolean(4, Flag(i));
        writer.WriteTimestamp(5, Ts(i));
        writer.WriteDecimal(6, Dec9(i));
        writer.WriteDecimal(7, Dec18(i));
        if (!skipLast)
        {
            writer.WriteDecimal(8, Dec38(i));
        }
    }

    private static string? Name(int i) => i % 5 == 0 ? null : $"name-{i % 3}-é";

    private static int? I32(int i) => i % 4 == 0 ? null : (i % 2 == 0 ? -1 : 1) * i * 1000;

    private static bool? Flag(int i) => i % 3 == 0 ? null : i % 2 == 0;

    private static DateTimeOffset Ts(int i) => new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero).AddMinutes(i * 17).AddMilliseconds(i);

    private static decimal Dec9(int i) => (i - 100) * 12_345.67m;

    private static decimal? Dec18(int i) => i % 6 == 0 ? null : i * 0.0000000001m;

    // 17 integer digits and 12 decimals: only a 16-byte FIXED_LEN_BYTE_ARRAY holds it.
    private static decimal Dec38(int i) => (i % 2 == 0 ? 1 : -1) * (12_345_678_901_234_567.123456789012m - i);
}
