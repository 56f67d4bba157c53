using System.Globalization;
using System.Security.Cryptography;
using BatchInference.Emulator.Usage;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Reconciliation;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Reports;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Reports;

/// <summary>
/// Reconciliation end to end: a job run by the engine against the emulator, then the day reconciled against the
/// emulator's usage and cost endpoints (which it serves from its own request log), the report read with DuckDB.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class DailyReconciliationTests(AzuriteFixture azurite)
{
    private const string AdminKey = "admin-test-key";

    [Fact]
    public async Task ReconcileAsync_LedgerMatchesProvider_NoFlags_InjectedDiscrepancyIsFlagged_ReplayChangesNothing()
    {
        var catalog = PriceCatalog.BuiltIn();
        await using var harness = await EngineHarness.StartAsync(
            azurite,
            emulator: o =>
            {
                o.AdminApiKey = AdminKey;
                o.Prices = [.. catalog.Prices.Where(p => p.Provider == "openai" && p.Tier == "realtime")
                    .Select(p => new UsagePrice(p.Model, p.InputPerMillion, p.CachedInputPerMillion, p.OutputPerMillion))];
            });
        var summary = await harness.RunAsync(await harness.UploadJobAsync(new JobInputBuilder().Mixed("reconcile", 20).ToArray()));
        var date = DateOnly.FromDateTime(summary.StartedAt!.Value.UtcDateTime);
        using var http = new HttpClient();
        var usage = new ProviderUsageClient(http, new ProviderUsageClientOptions { BaseAddress = harness.Emulator.BaseAddress, AdminApiKey = AdminKey });
        var reconciliation = new DailyReconciliation(harness.Blobs, usage, new ReconciliationThresholds());

        // The emulator served only this job; other tests' jobs of today in the shared storage were served elsewhere.
        var clean = await reconciliation.ReconcileAsync(date, summary.JobId);
        var cleanBytes = await DownloadAsync(harness, date);
        var replay = await reconciliation.ReconcileAsync(date, summary.JobId);

        Assert.NotEmpty(clean);
        Assert.All(clean, r => Assert.False(r.Flagged, $"{r.Model}/{r.Tier}: {r.FlagReasons}"));
        Assert.Equal(20, clean.Sum(r => r.LedgerRequests));
        Assert.Equal(clean, replay);
        Assert.Equal(SHA256.HashData(cleanBytes), SHA256.HashData(await DownloadAsync(harness, date)));

        using var inject = await http.PostAsync(
            new Uri(harness.Emulator.BaseAddress, "_emulator/usage/discrepancies"),
            new StringContent(
                $$"""{"day":"{{date:yyyy-MM-dd}}","model":"gpt-4.1-mini","extraRequests":3,"extraInputTokens":50000,"extraOutputTokens":0}""",
                System.Text.Encoding.UTF8, "application/json"));
        inject.EnsureSuccessStatusCode();
        var flagged = Assert.Single(await reconciliation.ReconcileAsync(date, summary.JobId), r => r.Flagged);

        Assert.Equal("gpt-4.1-mini", flagged.Model);
        Assert.Equal(3, flagged.RequestVariance);
        var file = Path.Combine(harness.SpoolDirectory, "reconciliation.parquet");
        Directory.CreateDirectory(harness.SpoolDirectory);
        await File.WriteAllBytesAsync(file, await DownloadAsync(harness, date));
        var rows = await DuckDbQuery.QueryAsync($"SELECT count(*) FILTER (WHERE Flagged) AS flagged FROM read_parquet({DuckDbQuery.Literal(file)})");
        Assert.Equal(1, long.Parse(Assert.Single(rows).GetProperty("flagged").ToString(), CultureInfo.InvariantCulture));
    }

    private static async Task<byte[]> DownloadAsync(EngineHarness harness, DateOnly date)
    {
        var content = await harness.Blobs.TryDownloadContentAsync(StorageLayout.ReportsContainer, StorageLayout.ReconciliationReport(date, "openai"));
        Assert.NotNull(content);
        return content.Content.ToArray();
    }
}
