using System.Globalization;
using BatchInference.Ledger.Parquet;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Parquet;

// DECIMAL wider than 18 digits (FIXED_LEN_BYTE_ARRAY), read back by DuckDB: money totals of a million dollars and
// more, up to the largest value DECIMAL(38,12) holds, must come back digit for digit.
public sealed partial class ParquetWriterTests
{
    private static readonly string[] WideValues =
    [
        "1000000.000000000001",
        "-1000000.5",
        "12345678901234567.123456789012",
        "-79228162.514264337593",
        "99999999999999999999999999",
        "-99999999999999999999999999",
        "0",
        "0.000000000001",
        "-0.000000000001",
    ];

    [Fact]
    public async Task WriteDecimal_Precision38AndPrecision19_DuckDbReadsEveryDigitTypeAndBounds()
    {
        var schema = new ParquetSchema(
            ParquetColumn.Int32("id"), ParquetColumn.Decimal("d38", 38, 12, nullable: true), ParquetColumn.Decimal("d19", 19, 0));
        var values = WideValues.Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var path = await WriteFileAsync("wide.parquet", schema, new() { RowGroupMaxRows = 4, Compression = ParquetCompression.Snappy }, async w =>
        {
            for (var i = 0; i <= values.Length; i++)
            {
                w.WriteInt32(0, i);
                w.WriteDecimal(1, i < values.Length ? values[i] : null);
                w.WriteDecimal(2, i % 2 == 0 ? 9_999_999_999_999_999_999m : -9_999_999_999_999_999_999m);
                await w.EndRowAsync();
            }
        });
        var f = DuckDbQuery.Literal(path);

        var result = (await DuckDbQuery.QueryAsync($$"""
            SELECT
              (SELECT list(d38::VARCHAR ORDER BY id) FROM read_parquet({{f}})) AS d38,
              (SELECT list(d19::VARCHAR ORDER BY id) FROM read_parquet({{f}})) AS d19,
              (SELECT sum(d38)::VARCHAR FROM read_parquet({{f}})) AS total,
              (SELECT list(id ORDER BY id) FROM read_parquet({{f}}) WHERE d38 >= 1000000) AS millions,
              (SELECT typeof(d38) || ' ' || typeof(d19) FROM read_parquet({{f}}) LIMIT 1) AS types,
              (SELECT list(type || ' ' || type_length ORDER BY column_id) FROM parquet_schema({{f}}) WHERE name IN ('d38', 'd19')) AS physical,
              (SELECT list(stats_min_value || ' ' || stats_max_value || ' ' || stats_null_count ORDER BY row_group_id)
                 FROM parquet_metadata({{f}}) WHERE path_in_schema = 'd38') AS bounds
            """)).Single();

        string[] expected = [.. values.Select(v => v.ToString("F12", CultureInfo.InvariantCulture)), null!];
        Assert.Equal(expected, result.GetProperty("d38").EnumerateArray().Select(e => e.GetString()));
        Assert.All(result.GetProperty("d19").EnumerateArray(), (e, i) => Assert.Equal(i % 2 == 0 ? "9999999999999999999" : "-9999999999999999999", e.GetString()));
        // Worked out by hand: System.Decimal would round this 29-digit sum, DuckDB's DECIMAL(38) sum does not.
        Assert.Equal("12345678822006404.109192451420", Text(result, "total"));
        Assert.Equal("[0,2,4]", result.GetProperty("millions").GetRawText());
        Assert.Equal("DECIMAL(38,12) DECIMAL(19,0)", Text(result, "types"));
        Assert.Equal(["FIXED_LEN_BYTE_ARRAY 16", "FIXED_LEN_BYTE_ARRAY 9"], result.GetProperty("physical").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            [
                "-79228162.514264337593 12345678901234567.123456789012 0",
                "-99999999999999999999999999.000000000000 99999999999999999999999999.000000000000 0",
                "-0.000000000001 -0.000000000001 1",
            ],
            result.GetProperty("bounds").EnumerateArray().Select(e => e.GetString()));
    }
}
