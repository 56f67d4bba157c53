using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Parquet;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Parquet;

// Files written by ParquetWriter, read back by hyparquet: a second reader, independent of DuckDB.
public sealed partial class ParquetWriterTests
{
    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public async Task CompleteAsync_EveryTypeWithDictionaryFallback_HyparquetReadsExactValues(ParquetCompression compression)
    {
        var rows = AllTypesTable.Generate(250);

        // A small dictionary limit makes "name" start dictionary-encoded and fall back to PLAIN within a chunk.
        var options = new ParquetWriterOptions { Compression = compression, RowGroupMaxRows = 100, DataPageMaxBytes = 300, DictionaryPageMaxBytes = 60 };
        var path = await WriteFileAsync("all-types-hyparquet.parquet", AllTypesTable.Schema, options, w => AllTypesTable.WriteAsync(w, rows));

        var actual = await HyparquetQuery.ReadRowsAsync(path);
        var chunks = await HyparquetQuery.ReadChunkMetadataAsync(path);

        Assert.Equal(rows.Count, actual.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            AssertHyparquetRow(rows[i], actual[i]);
        }

        var nameEncodings = chunks.Where(c => Text(c, "column") == "name")
            .Select(c => string.Join(',', c.GetProperty("encodings").EnumerateArray().Select(e => e.GetString()))).ToList();
        Assert.Equal(3, nameEncodings.Count);
        Assert.All(nameEncodings, e => Assert.Equal("PLAIN,RLE,RLE_DICTIONARY", e));
        Assert.All(chunks.Where(c => Text(c, "column") == "blob"), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("dictionary_page_offset").ValueKind));
    }

    [Fact]
    public async Task ReadRowsAsync_SameFileAsDuckDb_BothReadersAgreeOnEveryValue()
    {
        var rows = AllTypesTable.Generate(120);
        var path = await WriteFileAsync("agree.parquet", AllTypesTable.Schema, new() { RowGroupMaxRows = 50, DataPageMaxBytes = 200 }, w => AllTypesTable.WriteAsync(w, rows));
        var f = DuckDbQuery.Literal(path);

        var duck = await DuckDbQuery.QueryAsync($$"""
            SELECT id::VARCHAR AS id, name, hex(blob) AS blob, i32::VARCHAR AS i32, i64::VARCHAR AS i64,
                   flag::VARCHAR AS flag, strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS ts,
                   dec18::VARCHAR AS dec18, dec9::VARCHAR AS dec9, all_null
            FROM read_parquet({{f}}) t ORDER BY t.id
            """);
        var hyparquet = await HyparquetQuery.ReadRowsAsync(path);

        string[] columns = ["id", "name", "blob", "i32", "i64", "flag", "ts", "dec18", "dec9", "all_null"];
        Assert.Equal(
            duck.Select(r => string.Join('|', columns.Select(c => Text(r, c) ?? "<null>"))),
            hyparquet.Select(r => string.Join('|', columns.Select(c => Text(r, c) ?? "<null>"))));
    }

    private static void AssertHyparquetRow(AllTypesRow row, JsonElement e)
    {
        var inv = CultureInfo.InvariantCulture;
        var where = $"row {row.Id}";
        Assert.Equal((where, row.Id.ToString(inv)), (where, Text(e, "id")));
        Assert.Equal((where, row.Name), (where, Text(e, "name")));
        Assert.Equal((where, row.Blob is null ? null : Convert.ToHexString(row.Blob)), (where, Text(e, "blob")));
        Assert.Equal((where, row.I32), (where, e.GetProperty("i32").GetInt32()));
        Assert.Equal((where, row.I64?.ToString(inv)), (where, Text(e, "i64")));
        var dbl = e.GetProperty("dbl");
        switch (row.Dbl)
        {
            case null:
                Assert.Equal(JsonValueKind.Null, dbl.ValueKind);
                break;
            case { } d when d == 0 && double.IsNegative(d):
                Assert.Equal("-0", dbl.GetString());
                break;
            case { } d:
                Assert.Equal((where, d), (where, dbl.GetDouble()));
                break;
        }

        Assert.Equal((where, row.Flag), (where, e.GetProperty("flag").ValueKind == JsonValueKind.Null ? (bool?)null : e.GetProperty("flag").GetBoolean()));
        var micros = AllTypesTable.EpochMicros(row.Ts);
        var expectedTs = DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", inv);
        Assert.Equal((where, expectedTs), (where, Text(e, "ts")));
        Assert.Equal((where, row.Dec18?.ToString("F10", inv)), (where, Text(e, "dec18")));
        Assert.Equal((where, row.Dec9.ToString("F2", inv)), (where, Text(e, "dec9")));
        Assert.Null(Text(e, "all_null"));
    }
}
