using System.Globalization;
using System.Text.Json;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>What DuckDB, an independent Parquet reader, sees in a job's spend report files.</summary>
internal sealed record SpendReport(
    long Rows,
    long DistinctAttempts,
    decimal BilledCost,
    decimal EffectiveCost,
    IReadOnlyDictionary<string, long> RowsPerModel,
    IReadOnlyList<string> DistinctTags,
    IReadOnlyList<string> DistinctJobIds)
{
    public static async Task<SpendReport> ReadAsync(IReadOnlyList<string> files)
    {
        Assert.NotEmpty(files);
        var view = $"CREATE VIEW spend AS SELECT * FROM read_parquet([{string.Join(", ", files.Select(DuckDbQuery.Literal))}], union_by_name = true);";
        var totals = Assert.Single(await DuckDbQuery.QueryAsync($"""
            {view}
            SELECT count(*) AS row_count,
                   count(DISTINCT (x_CustomId, x_Attempt)) AS attempts,
                   CAST(coalesce(sum(BilledCost), 0) AS VARCHAR) AS billed,
                   CAST(coalesce(sum(EffectiveCost), 0) AS VARCHAR) AS effective
            FROM spend;
            """));
        var perModel = await DuckDbQuery.QueryAsync($"{view} SELECT x_Model AS model, count(*) AS n FROM spend GROUP BY x_Model ORDER BY x_Model;");
        var tags = await DuckDbQuery.QueryAsync($"{view} SELECT DISTINCT Tags AS tags FROM spend ORDER BY Tags;");
        var jobs = await DuckDbQuery.QueryAsync($"{view} SELECT DISTINCT x_JobId AS job FROM spend ORDER BY x_JobId;");
        return new SpendReport(
            Long(totals.GetProperty("row_count")),
            Long(totals.GetProperty("attempts")),
            decimal.Parse(totals.GetProperty("billed").GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
            decimal.Parse(totals.GetProperty("effective").GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
            perModel.ToDictionary(r => r.GetProperty("model").GetString()!, r => Long(r.GetProperty("n")), StringComparer.Ordinal),
            [.. tags.Select(r => r.GetProperty("tags").GetString()!)],
            [.. jobs.Select(r => r.GetProperty("job").GetString()!)]);
    }

    // DuckDB's JSON rows carry BIGINT as strings so they stay exact.
    private static long Long(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64();
}
