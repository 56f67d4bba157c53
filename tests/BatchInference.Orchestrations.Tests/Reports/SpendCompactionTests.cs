using System.Globalization;
using System.Security.Cryptography;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Reports;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Reports;

/// <summary>Daily compaction on real parts: jobs run by the engine, the partition compacted in Azurite, read with DuckDB.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class SpendCompactionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CompactAsync_TwoJobsOfADay_OneFileWithEveryLedgerRowAndTheSameSums_AndAReplayChangesNothing()
    {
        // Compaction takes the whole day of the shared container, other tests' jobs of today included: the checks below
        // look at this test's two jobs only.
        await using var harness = await EngineHarness.StartAsync(azurite);
        var first = await harness.RunAsync(await harness.UploadJobAsync(new JobInputBuilder().Mixed("compact-a", 12).ToArray()));
        var second = await harness.RunAsync(await harness.UploadJobAsync(new JobInputBuilder().Mixed("compact-b", 7).ToArray()));
        var date = DateOnly.FromDateTime(first.FinishedAt!.Value.UtcDateTime);
        Assert.Equal(date, DateOnly.FromDateTime(second.FinishedAt!.Value.UtcDateTime)); // (a run across midnight would split them)
        var ledgerCost = first.Cost.EffectiveUsd + second.Cost.EffectiveUsd;
        var compaction = new SpendCompaction(harness.Blobs);

        var rows = await compaction.CompactAsync(date);
        var firstBytes = await DownloadAsync(harness, StorageLayout.CompactedSpendReport(date));
        var again = await compaction.CompactAsync(date);
        var secondBytes = await DownloadAsync(harness, StorageLayout.CompactedSpendReport(date));

        Assert.True(rows >= 19, $"{rows} rows");
        Assert.Equal(rows, again);
        Assert.Equal(SHA256.HashData(firstBytes), SHA256.HashData(secondBytes));
        Assert.False(await harness.ExistsAsync(StorageLayout.ReportsContainer, StorageLayout.SpendReport(date, first.JobId)));
        Assert.False(await harness.ExistsAsync(StorageLayout.ReportsContainer, StorageLayout.SpendReport(date, second.JobId)));

        var file = Path.Combine(harness.SpoolDirectory, "compacted.parquet");
        Directory.CreateDirectory(harness.SpoolDirectory);
        await File.WriteAllBytesAsync(file, secondBytes);
        var result = await DuckDbQuery.QueryAsync(
            $"SELECT count(*) FILTER (WHERE x_JobId = {DuckDbQuery.Literal(first.JobId)}) AS a, count(*) FILTER (WHERE x_JobId = {DuckDbQuery.Literal(second.JobId)}) AS b, " +
            $"CAST(sum(BilledCost) FILTER (WHERE x_JobId IN ({DuckDbQuery.Literal(first.JobId)}, {DuckDbQuery.Literal(second.JobId)})) AS VARCHAR) AS billed " +
            $"FROM read_parquet({DuckDbQuery.Literal(file)})");
        var row = Assert.Single(result);
        Assert.Equal(first.Counts.Succeeded, long.Parse(row.GetProperty("a").ToString(), CultureInfo.InvariantCulture));
        Assert.Equal(second.Counts.Succeeded, long.Parse(row.GetProperty("b").ToString(), CultureInfo.InvariantCulture));
        Assert.Equal(ledgerCost, decimal.Parse(row.GetProperty("billed").GetString()!, CultureInfo.InvariantCulture));
    }

    private static async Task<byte[]> DownloadAsync(EngineHarness harness, string name)
    {
        var content = await harness.Blobs.TryDownloadContentAsync(StorageLayout.ReportsContainer, name);
        Assert.NotNull(content);
        return content.Content.ToArray();
    }
}
