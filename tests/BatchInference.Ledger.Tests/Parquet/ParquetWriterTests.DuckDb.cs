using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BatchInference.Ledger.Parquet;
using BatchInference.Ledger.Parquet.Columns;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Parquet;

// Files written by ParquetWriter, read back by DuckDB (an independent reader). Each test batches its checks into one
// DuckDB script that returns a single row of lists.
public sealed partial class ParquetWriterTests
{
    [Theory]
    [InlineData(ParquetCompression.Uncompressed, "UNCOMPRESSED")]
    [InlineData(ParquetCompression.Snappy, "SNAPPY")]
    [InlineData(ParquetCompression.Gzip, "GZIP")]
    public async Task CompleteAsync_EveryTypeInSeveralRowGroups_DuckDbReadsExactValuesTypesAndStatistics(
        ParquetCompression compression, string codec)
    {
        var rows = AllTypesTable.Generate(250);
        var options = new ParquetWriterOptions { Compression = compression, RowGroupMaxRows = 100, DataPageMaxBytes = 300 };
        options.KeyValueMetadata["report"] = "spend é";
        var path = await WriteFileAsync("all-types.parquet", AllTypesTable.Schema, options, w => AllTypesTable.WriteAsync(w, rows));
        var f = DuckDbQuery.Literal(path);

        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT list({name: column_name, type: column_type}) FROM (DESCRIBE SELECT * FROM read_parquet({{f}}))) AS columns,
              (SELECT list({name: name, type: type, repetition: repetition_type, converted: converted_type,
                            scale: scale, precision: precision, logical: logical_type} ORDER BY column_id)
                 FROM parquet_schema({{f}}) WHERE type IS NOT NULL) AS schema,
              (SELECT list({rg: row_group_id, rows: row_group_num_rows, name: path_in_schema, codec: compression,
                            values: num_values, nulls: stats_null_count,
                            min: CASE path_in_schema WHEN 'ts' THEN epoch_us(stats_min_value::TIMESTAMPTZ)::VARCHAR ELSE stats_min_value END,
                            max: CASE path_in_schema WHEN 'ts' THEN epoch_us(stats_max_value::TIMESTAMPTZ)::VARCHAR ELSE stats_max_value END}
                           ORDER BY row_group_id, column_id)
                 FROM parquet_metadata({{f}})) AS chunks,
              (SELECT list({id: id, name: name, blob: hex(blob), i32: i32, i64: i64, dbl: dbl, flag: flag,
                            ts: epoch_us(ts), ts_utc: strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f'),
                            dec18: dec18, dec9: dec9, all_null: all_null} ORDER BY id)
                 FROM read_parquet({{f}})) AS rows,
              (SELECT {dec18: SUM(dec18)::VARCHAR, dec9: SUM(dec9)::VARCHAR} FROM read_parquet({{f}})) AS sums,
              (SELECT {created_by: created_by, num_rows: num_rows} FROM parquet_file_metadata({{f}})) AS file,
              (SELECT list({key: decode(key), value: decode(value)}) FROM parquet_kv_metadata({{f}})) AS kv
            """)).Single();

        string[] expectedTypes =
        [
            "BIGINT", "VARCHAR", "BLOB", "INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMP WITH TIME ZONE",
            "DECIMAL(18,10)", "DECIMAL(9,2)", "VARCHAR",
        ];
        Assert.Equal(
            AllTypesTable.Schema.Columns.Select((c, i) => $"{c.Name} {expectedTypes[i]}"),
            result.GetProperty("columns").EnumerateArray().Select(c => $"{Text(c, "name")} {Text(c, "type")}"));

        AssertSchema(result.GetProperty("schema"));
        AssertRows(rows, result.GetProperty("rows"));
        AssertChunks(rows, codec, result.GetProperty("chunks"));

        var inv = CultureInfo.InvariantCulture;
        Assert.Equal(rows.Sum(r => r.Dec18 ?? 0m).ToString("F10", inv), Text(result.GetProperty("sums"), "dec18"));
        Assert.Equal(rows.Sum(r => r.Dec9).ToString("F2", inv), Text(result.GetProperty("sums"), "dec9"));
        Assert.StartsWith("BatchInference parquet writer version ", Text(result.GetProperty("file"), "created_by"), StringComparison.Ordinal);
        Assert.Equal("250", Text(result.GetProperty("file"), "num_rows"));
        var kv = Assert.Single(result.GetProperty("kv").EnumerateArray());
        Assert.Equal(("report", "spend é"), (Text(kv, "key"), Text(kv, "value")));
    }

    [Fact]
    public async Task CompleteAsync_NoRows_WritesAValidEmptyFile()
    {
        var path = await WriteFileAsync("empty.parquet", AllTypesTable.Schema, new() { Compression = ParquetCompression.Snappy }, _ => Task.CompletedTask);
        var f = DuckDbQuery.Literal(path);

        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT count(*) FROM read_parquet({{f}})) AS row_count,
              (SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet({{f}}))) AS column_count,
              (SELECT num_row_groups FROM parquet_file_metadata({{f}})) AS row_groups
            """)).Single();

        Assert.Equal(("0", "11", "0"), (Text(result, "row_count"), Text(result, "column_count"), Text(result, "row_groups")));
    }

    [Fact]
    public async Task WriteDouble_NaNAndSignedZeros_BoundsNeverHideNaNRowsFromFilters()
    {
        double[] values = [double.NaN, 1, 2, double.NaN, double.NaN, double.NaN, 0.0, -0.0, 3];
        var schema = new ParquetSchema(ParquetColumn.Double("d"));
        var path = await WriteFileAsync("nan.parquet", schema, new() { RowGroupMaxRows = 3 }, async w =>
        {
            foreach (var value in values)
            {
                w.WriteDouble(0, value);
                await w.EndRowAsync();
            }
        });
        var f = DuckDbQuery.Literal(path);

        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT count(*) FROM read_parquet({{f}}) WHERE d > 5) AS above_five,
              (SELECT list({min: stats_min_value, max: stats_max_value} ORDER BY row_group_id) FROM parquet_metadata({{f}})) AS bounds
            """)).Single();

        // DuckDB orders NaN above every number, so all four NaN rows match d > 5.
        Assert.Equal("4", Text(result, "above_five"));
        var bounds = result.GetProperty("bounds").EnumerateArray().Select(b => (Text(b, "min"), Text(b, "max"))).ToList();
        List<(string?, string?)> expected = [(null, null), (null, null), ("-0.0", "3.0")];
        Assert.Equal(expected, bounds);
    }

    [Fact]
    public async Task EndRowAsync_LongNullRunsAcrossManyPages_DuckDbReadsEveryValue()
    {
        const int RowCount = 10_000;
        var longText = new string('x', ByteArrayColumnChunkWriter.MaxStatisticsLength + 1);
        var schema = new ParquetSchema(
            ParquetColumn.Int64("id"), ParquetColumn.Int64("v", nullable: true), ParquetColumn.Boolean("b"), ParquetColumn.String("s", nullable: true));
        long? V(int i) => (i / 1000) % 2 == 0 ? null : i;
        string? S(int i) => i == 9_000 ? longText : i % 13 == 0 ? null : "s" + i.ToString(CultureInfo.InvariantCulture);
        var path = await WriteFileAsync("runs.parquet", schema, new() { RowGroupMaxRows = 4096, DataPageMaxBytes = 1024 }, async w =>
        {
            for (var i = 0; i < RowCount; i++)
            {
                w.WriteInt64(0, i);
                w.WriteInt64(1, V(i));
                w.WriteBoolean(2, i % 7 < 3);
                w.WriteString(3, S(i));
                await w.EndRowAsync();
            }
        });
        var f = DuckDbQuery.Literal(path);

        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT {n: count(*), v: count(v), v_sum: sum(v), b_true: sum(b::INT), s: count(s),
                       s_md5: md5(string_agg(coalesce(s, '<null>'), ',' ORDER BY id))} FROM read_parquet({{f}})) AS totals,
              (SELECT list(stats_max_value IS NOT NULL ORDER BY row_group_id) FROM parquet_metadata({{f}}) WHERE path_in_schema = 's') AS s_has_bounds
            """)).Single();

        var ids = Enumerable.Range(0, RowCount).ToList();
        var totals = result.GetProperty("totals");
        Assert.Equal(RowCount.ToString(CultureInfo.InvariantCulture), Text(totals, "n"));
        Assert.Equal(ids.Count(i => V(i) is not null).ToString(CultureInfo.InvariantCulture), Text(totals, "v"));
        Assert.Equal(ids.Sum(i => V(i) ?? 0).ToString(CultureInfo.InvariantCulture), Text(totals, "v_sum"));
        Assert.Equal(ids.Count(i => i % 7 < 3).ToString(CultureInfo.InvariantCulture), Text(totals, "b_true"));
        Assert.Equal(ids.Count(i => S(i) is not null).ToString(CultureInfo.InvariantCulture), Text(totals, "s"));
        var joined = string.Join(',', ids.Select(i => S(i) ?? "<null>"));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(joined))), Text(totals, "s_md5"));

        // Row group 3 (ids 8192..) holds the over-long string, so its bounds are left out; the others keep theirs.
        Assert.Equal(new[] { true, true, false }, result.GetProperty("s_has_bounds").EnumerateArray().Select(b => b.GetBoolean()));
    }

    [Fact]
    public async Task EndRowAsync_RowGroupFull_FlushesToANonSeekableStreamBeforeCompletion()
    {
        var schema = new ParquetSchema(ParquetColumn.Int32("n"));
        var path = Path.Combine(_directory, "streamed.parquet");
        await using (var file = File.Create(path))
        {
            var stream = new ForwardOnlyStream(file);
            var writer = new ParquetWriter(stream, schema, new() { RowGroupMaxRows = 10 });
            for (var i = 0; i < 25; i++)
            {
                writer.WriteInt32(0, i);
                await writer.EndRowAsync();
                if (i == 9)
                {
                    Assert.Equal(1, writer.RowGroupCount);
                    Assert.True(stream.BytesWritten > 4);
                    Assert.Equal(stream.BytesWritten, writer.BytesWritten);
                }
            }

            await writer.CompleteAsync();
            Assert.Equal(stream.BytesWritten, writer.BytesWritten);
        }

        var f = DuckDbQuery.Literal(path);
        var result = (await DuckDbQuery.QueryAsync(
            $"SELECT list(row_group_num_rows ORDER BY row_group_id) AS rows, (SELECT sum(n) FROM read_parquet({f})) AS total FROM parquet_metadata({f})")).Single();

        Assert.Equal(new[] { "10", "10", "5" }, result.GetProperty("rows").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Enumerable.Range(0, 25).Sum().ToString(CultureInfo.InvariantCulture), Text(result, "total"));
    }

    private static void AssertSchema(JsonElement schema)
    {
        string?[][] expected =
        [
            ["id", "INT64", "REQUIRED", null, null, null, null],
            ["name", "BYTE_ARRAY", "OPTIONAL", "UTF8", null, null, "StringType()"],
            ["blob", "BYTE_ARRAY", "OPTIONAL", null, null, null, null],
            ["i32", "INT32", "REQUIRED", null, null, null, null],
            ["i64", "INT64", "OPTIONAL", null, null, null, null],
            ["dbl", "DOUBLE", "OPTIONAL", null, null, null, null],
            ["flag", "BOOLEAN", "OPTIONAL", null, null, null, null],
            ["ts", "INT64", "REQUIRED", "TIMESTAMP_MICROS", null, null,
                "TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=<null>, MICROS=MicroSeconds(), NANOS=<null>))"],
            ["dec18", "INT64", "OPTIONAL", "DECIMAL", "10", "18", "DecimalType(scale=10, precision=18)"],
            ["dec9", "INT32", "REQUIRED", "DECIMAL", "2", "9", "DecimalType(scale=2, precision=9)"],
            ["all_null", "BYTE_ARRAY", "OPTIONAL", "UTF8", null, null, "StringType()"],
        ];
        var actual = schema.EnumerateArray()
            .Select(e => new[] { "name", "type", "repetition", "converted", "scale", "precision", "logical" }.Select(p => Text(e, p)).ToArray())
            .ToArray();
        Assert.Equal(expected, actual);
    }

    private static void AssertRows(IReadOnlyList<AllTypesRow> rows, JsonElement actualRows)
    {
        var inv = CultureInfo.InvariantCulture;
        var actual = actualRows.EnumerateArray().ToList();
        Assert.Equal(rows.Count, actual.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, e) = (rows[i], actual[i]);
            Assert.Equal(row.Id.ToString(inv), Text(e, "id"));
            Assert.Equal(row.Name, Text(e, "name"));
            Assert.Equal(row.Blob is null ? null : Convert.ToHexString(row.Blob), Text(e, "blob"));
            Assert.Equal(row.I32, e.GetProperty("i32").GetInt32());
            Assert.Equal(row.I64?.ToString(inv), Text(e, "i64"));
            Assert.Equal(row.Dbl, e.GetProperty("dbl").ValueKind == JsonValueKind.Null ? null : e.GetProperty("dbl").GetDouble());
            Assert.Equal(row.Flag, e.GetProperty("flag").ValueKind == JsonValueKind.Null ? null : e.GetProperty("flag").GetBoolean());
            Assert.Equal(AllTypesTable.EpochMicros(row.Ts).ToString(inv), Text(e, "ts"));
            var utc = row.Ts.UtcDateTime.AddTicks(-(((row.Ts.UtcTicks % 10) + 10) % 10));
            Assert.Equal(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", inv), Text(e, "ts_utc"));
            Assert.Equal(row.Dec18?.ToString("F10", inv), Text(e, "dec18"));
            Assert.Equal(row.Dec9.ToString("F2", inv), Text(e, "dec9"));
            Assert.Null(Text(e, "all_null"));
        }
    }

    private static void AssertChunks(IReadOnlyList<AllTypesRow> rows, string codec, JsonElement chunks)
    {
        var groups = rows.Chunk(100).ToList();
        var actual = chunks.EnumerateArray().ToList();
        Assert.Equal(groups.Count * AllTypesTable.Schema.Columns.Count, actual.Count);
        var index = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var column in AllTypesTable.Schema.Columns)
            {
                var chunk = actual[index++];
                var (nulls, min, max) = AllTypesTable.ExpectedStatistics(column.Name, groups[g]);
                var where = $"row group {g}, column {column.Name}";
                Assert.True(column.Name == Text(chunk, "name"), where);
                Assert.True(g.ToString(CultureInfo.InvariantCulture) == Text(chunk, "rg"), where);
                Assert.True(codec == Text(chunk, "codec"), where);
                Assert.True(groups[g].Length.ToString(CultureInfo.InvariantCulture) == Text(chunk, "rows"), where);
                Assert.True(groups[g].Length.ToString(CultureInfo.InvariantCulture) == Text(chunk, "values"), where);
                Assert.True(nulls.ToString(CultureInfo.InvariantCulture) == Text(chunk, "nulls"), where);
                if (column.Type == ParquetColumnType.Double)
                {
                    Assert.True(double.Parse(min!, CultureInfo.InvariantCulture) == double.Parse(Text(chunk, "min")!, CultureInfo.InvariantCulture), where);
                    Assert.True(double.Parse(max!, CultureInfo.InvariantCulture) == double.Parse(Text(chunk, "max")!, CultureInfo.InvariantCulture), where);
                }
                else
                {
                    Assert.Equal((where, min, max), (where, Text(chunk, "min"), Text(chunk, "max")));
                }
            }
        }
    }

    private async Task<string> WriteFileAsync(string name, ParquetSchema schema, ParquetWriterOptions options, Func<ParquetWriter, Task> write)
    {
        var path = Path.Combine(_directory, name);
        await using var file = File.Create(path);
        var writer = new ParquetWriter(file, schema, options);
        await write(writer);
        await writer.CompleteAsync();
        return path;
    }

    private static string? Text(JsonElement element, string property)
    {
        var value = element.GetProperty(property);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };
    }
}
