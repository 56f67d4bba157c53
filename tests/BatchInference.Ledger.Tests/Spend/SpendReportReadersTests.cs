using System.Text.Json;
using BatchInference.Testing;

namespace BatchInference.Ledger.Tests.Spend;

/// <summary>
/// Two independent readers agree on every value of a spend report: DuckDB (C++) and hyparquet (pure JavaScript), column
/// by column over the whole schema, so a value only one of them decodes right fails here.
/// </summary>
public sealed class SpendReportReadersTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bi-spend-readers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WriteAsync_ReadByDuckDbAndByHyparquet_EveryColumnOfEveryRowAgrees()
    {
        var path = await SpendLedgerSamples.WriteAsync(Path.Combine(_folder, "spend.parquet"), SpendLedgerSamples.Entries(60, days: 2, jobs: 3));
        var f = DuckDbQuery.Literal(path);
        var columns = (await DuckDbQuery.QueryAsync($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet({f}))"))
            .Select(c => (Name: c.GetProperty("column_name").GetString()!, Type: c.GetProperty("column_type").GetString()!))
            .ToList();
        var select = string.Join(", ", columns.Select(c => c.Type.StartsWith("TIMESTAMP", StringComparison.Ordinal)
            ? $"strftime(\"{c.Name}\" AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ') AS \"{c.Name}\""
            : $"\"{c.Name}\"::VARCHAR AS \"{c.Name}\""));

        var duck = await DuckDbQuery.QueryAsync($"SELECT {select} FROM read_parquet({f})");
        var hyparquet = await HyparquetQuery.ReadRowsAsync(path);

        // Rows compared as whole, column by column, in a reader-independent order.
        List<string> Rows(IEnumerable<JsonElement> rows) =>
            [.. rows.Select(r => string.Join('|', columns.Select(c => $"{c.Name}={JsonRows.Text(r, c.Name) ?? "<null>"}"))).Order(StringComparer.Ordinal)];

        Assert.Equal(60, duck.Count);
        Assert.True(columns.Count > 50, $"{columns.Count} columns");
        Assert.Equal(Rows(duck), Rows(hyparquet));
    }
}
