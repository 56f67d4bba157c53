using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Parquet;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Parquet;

// Dictionary encoding, read back by DuckDB and hyparquet: every value, and the encodings each chunk reports.
public sealed partial class ParquetWriterTests
{
    private const int DictionaryRows = 2500;

    private static ParquetSchema DictionarySchema { get; } = new(
        ParquetColumn.Int64("id"),
        ParquetColumn.String("tier"),                          // 4 values: dictionary throughout
        ParquetColumn.String("region", nullable: true),        // 3 values and null runs
        ParquetColumn.String("mixed", nullable: true),         // repeats, then distinct: dictionary overflows mid-chunk
        ParquetColumn.String("unique"),                        // never repeats: the first page shows it does not pay
        ParquetColumn.String("plain", dictionary: false),      // opted out
        ParquetColumn.Binary("bin", nullable: true, dictionary: true));

    [Theory]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public async Task CompleteAsync_DictionaryColumns_BothReadersReadEveryValueAndDuckDbReportsTheEncodings(ParquetCompression compression)
    {
        var options = new ParquetWriterOptions
        {
            Compression = compression, RowGroupMaxRows = 1000, DataPageMaxBytes = 512, DictionaryPageMaxBytes = 2000,
        };
        var path = await WriteFileAsync("dictionary.parquet", DictionarySchema, options, async w =>
        {
            for (var i = 0; i < DictionaryRows; i++)
            {
                w.WriteInt64(0, i);
                w.WriteString(1, Tier(i));
                w.WriteString(2, Region(i));
                w.WriteString(3, Mixed(i));
                w.WriteString(4, Unique(i));
                w.WriteString(5, Tier(i));
                if (Bin(i) is { } bin)
                {
                    w.WriteBinary(6, bin);
                }
                else
                {
                    w.WriteNull(6);
                }

                await w.EndRowAsync();
            }
        });
        var f = DuckDbQuery.Literal(path);

        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT list({id: id, tier: tier, region: region, mixed: mixed, "unique": "unique", plain: plain, bin: hex(bin)} ORDER BY id)
                 FROM read_parquet({{f}})) AS rows,
              (SELECT list({rg: row_group_id, name: path_in_schema, encodings: encodings, dict: dictionary_page_offset,
                            data: data_page_offset, min: stats_min_value, max: stats_max_value, nulls: stats_null_count}
                           ORDER BY row_group_id, column_id)
                 FROM parquet_metadata({{f}})) AS chunks,
              (SELECT count(*) FROM read_parquet({{f}}) WHERE tier = 'batch' AND region IS NULL) AS filtered
            """)).Single();

        var ids = Enumerable.Range(0, DictionaryRows).ToList();
        var duckRows = result.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(DictionaryRows, duckRows.Count);
        for (var i = 0; i < DictionaryRows; i++)
        {
            Assert.Equal(ExpectedDictionaryRow(i), DictionaryRowText(duckRows[i], "bin"));
        }

        Assert.Equal(ids.Count(i => Tier(i) == "batch" && Region(i) is null).ToString(CultureInfo.InvariantCulture), Text(result, "filtered"));

        var hyparquetRows = await HyparquetQuery.ReadRowsAsync(path);
        Assert.Equal(ids.Select(ExpectedDictionaryRow), hyparquetRows.Select(r => DictionaryRowText(r, "bin")));

        AssertDictionaryChunks(ids, result.GetProperty("chunks").EnumerateArray().ToList());
    }

    [Fact]
    public async Task CompleteAsync_DictionaryChunks_HyparquetSeesDictionaryOffsetsAndEncodingStats()
    {
        var path = await WriteFileAsync("dictionary-metadata.parquet", DictionarySchema, new() { RowGroupMaxRows = 1000, DataPageMaxBytes = 512, DictionaryPageMaxBytes = 2000 }, async w =>
        {
            for (var i = 0; i < 1500; i++)
            {
                w.WriteInt64(0, i);
                w.WriteString(1, Tier(i));
                w.WriteString(2, Region(i));
                w.WriteString(3, Mixed(i));
                w.WriteString(4, Unique(i));
                w.WriteString(5, Tier(i));
                w.WriteNull(6);
                await w.EndRowAsync();
            }
        });

        var chunks = await HyparquetQuery.ReadChunkMetadataAsync(path);

        Assert.Equal(2 * DictionarySchema.Columns.Count, chunks.Count);
        foreach (var chunk in chunks)
        {
            var name = Text(chunk, "column");
            var stats = chunk.GetProperty("encoding_stats").EnumerateArray()
                .Select(s => $"{Text(s, "page_type")}/{Text(s, "encoding")}").ToList();
            var hasDictionary = name is "tier" or "region" or "mixed" or "unique";
            Assert.True(hasDictionary == (chunk.GetProperty("dictionary_page_offset").ValueKind != JsonValueKind.Null), name);
            Assert.True(hasDictionary == stats.Contains("DICTIONARY_PAGE/PLAIN"), name);
            Assert.True(hasDictionary == stats.Contains("DATA_PAGE/RLE_DICTIONARY"), name);
            if (hasDictionary)
            {
                // The dictionary page comes first in the chunk, the data pages after it.
                Assert.True(long.Parse(Text(chunk, "dictionary_page_offset")!, CultureInfo.InvariantCulture)
                    < long.Parse(Text(chunk, "data_page_offset")!, CultureInfo.InvariantCulture), name);
            }
        }
    }

    private static string Tier(int i) => (i * 7 % 4) switch { 0 => "realtime", 1 => "batch", 2 => "flex", _ => "spot" };

    // Null in runs of 40, so whole pages of the column are null.
    private static string? Region(int i) => (i / 40) % 3 == 0 ? null : (i % 3) switch { 0 => "eastus", 1 => "westeurope", _ => "japaneast" };

    // The first 300 rows of each row group repeat 5 values; after that every value is new, and 40 bytes long, so
    // a 2000-byte dictionary fills up and the rest of the chunk is PLAIN.
    private static string? Mixed(int i) =>
        i % 11 == 0 ? null : i % 1000 < 300 ? "m" + (i % 5).ToString(CultureInfo.InvariantCulture) : $"distinct-{i:D6}-{new string('x', 24)}";

    private static string Unique(int i) => "req-" + i.ToString("D9", CultureInfo.InvariantCulture);

    private static byte[]? Bin(int i) => i % 6 == 0 ? null : [(byte)(i % 3), 0xFF];

    private static string ExpectedDictionaryRow(int i) =>
        string.Join('|', i.ToString(CultureInfo.InvariantCulture), Tier(i), Region(i) ?? "<null>", Mixed(i) ?? "<null>", Unique(i), Tier(i),
            Bin(i) is { } bin ? Convert.ToHexString(bin) : "<null>");

    private static string DictionaryRowText(JsonElement row, string binProperty) =>
        string.Join('|', new[] { "id", "tier", "region", "mixed", "unique", "plain", binProperty }.Select(p => Text(row, p) ?? "<null>"));

    private static void AssertDictionaryChunks(List<int> ids, List<JsonElement> chunks)
    {
        Assert.Equal(3 * DictionarySchema.Columns.Count, chunks.Count);
        foreach (var chunk in chunks)
        {
            var name = Text(chunk, "name")!;
            var group = int.Parse(Text(chunk, "rg")!, CultureInfo.InvariantCulture);
            var encodings = Text(chunk, "encodings")!;
            var where = $"row group {group}, column {name}: {encodings}";
            var hasDictionary = chunk.GetProperty("dict").ValueKind != JsonValueKind.Null;
            switch (name)
            {
                case "tier" or "region" or "bin":
                    Assert.True(hasDictionary && encodings.Contains("RLE_DICTIONARY", StringComparison.Ordinal), where);
                    break;
                case "mixed" or "unique":
                    // Dictionary pages first, then PLAIN pages after the fallback.
                    Assert.True(hasDictionary && encodings.Contains("RLE_DICTIONARY", StringComparison.Ordinal)
                        && encodings.Split(", ").Contains("PLAIN"), where);
                    break;
                default:
                    Assert.True(!hasDictionary && !encodings.Contains("DICTIONARY", StringComparison.Ordinal), where);
                    break;
            }

            // Statistics stay exact whatever the encoding.
            if (name is "tier" or "region" or "mixed" or "unique")
            {
                var values = ids.Where(i => i / 1000 == group).Select(i => name switch
                {
                    "tier" => Tier(i), "region" => Region(i), "mixed" => Mixed(i), _ => Unique(i),
                }).ToList();
                var present = values.Where(v => v is not null).Order(StringComparer.Ordinal).ToList();
                Assert.Equal((where, present[0], present[^1], values.Count(v => v is null).ToString(CultureInfo.InvariantCulture)),
                    (where, Text(chunk, "min"), Text(chunk, "max"), Text(chunk, "nulls")));
            }
        }
    }
}
