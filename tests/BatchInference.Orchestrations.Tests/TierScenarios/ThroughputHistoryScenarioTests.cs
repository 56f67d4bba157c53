using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Steps;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>
/// A real-time job on the emulator teaches the planner each provider and model's throughput: one sample per bucket at
/// the finish, over the time the bucket's shards were busy, and a finish run again records nothing twice.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ThroughputHistoryScenarioTests(AzuriteFixture azurite)
{
    private const int LinesPerModel = 120; // two shards of 60 each

    private static readonly (string Provider, string Model)[] Buckets = [("openai", TierCatalogs.Model), ("anthropic", TierCatalogs.ClaudeModel)];

    [Fact]
    public async Task RealtimeJob_OneThroughputSamplePerProviderAndModel_RecordedOnceOverTheShardsBusyTime()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = TierHarness.Input(LinesPerModel * 2, i => Buckets[i % 2].Model);

        var (jobId, summary) = await tiers.RunAsync(input, """{"completion_window":"60s","tier_policy":"realtime"}""");

        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal((LinesPerModel * 2L, 0L), (summary.Counts.Succeeded, summary.Counts.Failed));
        Assert.Equal(4, (await tiers.ShardsAsync(jobId, 4)).Count(s => s.Tier == Tiers.Realtime));
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        var context = tiers.Engine.CreateContext("throughput-test");
        foreach (var (provider, model) in Buckets)
        {
            var key = CompletionKey.For(provider, context.Providers.Find(provider)!.BaseUrl, model, Tiers.Realtime, LinesPerModel);
            var sample = Assert.Single(await JobSamplesAsync(tiers, key, jobId));
            var calls = ledger.Where(e => e.Model == model).ToList();
            Assert.Equal((long)LinesPerModel, summary.Models[model]);
            Assert.Equal(summary.Models[model], sample.Lines);
            Assert.Equal("101-1000", key.Bucket);
            Assert.Equal(calls.Max(e => e.FinishedAt), sample.At);
            // The union of the shards' spans: at least the longest call, at most the model's first send to last answer.
            Assert.InRange(sample.Seconds, calls.Max(e => (e.FinishedAt - e.StartedAt).TotalSeconds), (calls.Max(e => e.FinishedAt) - calls.Min(e => e.StartedAt)).TotalSeconds);
            Assert.True(sample.Seconds > 0);
            Assert.False(sample.Censored);

            // What the planner reads: the key's samples, weighed.
            var history = await context.History.LoadAsync(context.ProviderUrls, summary.FinishedAt!.Value);
            var figures = history.For(provider, model, Tiers.Realtime, LinesPerModel);
            Assert.Equal((await RecordAsync(tiers, key))!.Samples.Count, figures.Samples);
            Assert.True(figures.LinesPerSecondP50 > 0);
        }

        Assert.Equal(Buckets.Length, await CountJobSamplesAsync(tiers, jobId)); // and none in any other tier or bucket

        // A finish that crashed after recording, before its summary, runs again: it merges and records again.
        await context.Jobs.UpdateAsync(StorageLayout.JobState(jobId), s => s with { Status = JobStatus.Finishing });
        await tiers.Engine.Blobs.DeleteIfExistsAsync(StorageLayout.ResultsContainer, StorageLayout.Summary(jobId));
        var (again, busy) = await new JobFinisher(context).FinishAsync(jobId, CancellationToken.None);

        Assert.Equal((JobStatus.Completed, false), (again!.Status, busy));
        Assert.Equal(Buckets.Length, await CountJobSamplesAsync(tiers, jobId));
    }

    [Fact]
    public async Task SecondJob_PlansWithTheThroughputTheFirstOneRecorded()
    {
        // One sample is enough here, so the second job's plan (made by the engine at its split) rests on the first job's
        // rate; its summary's planned ETA names what the plan used. Every call takes at least 50 ms and each of the two
        // shards has at most 8 in flight, so no machine answers faster than 320 lines/s: below the catalog's 1,000/s,
        // so the learned rate, not the limit, sets the estimate.
        await using var tiers = await TierHarness.StartAsync(
            azurite, emulator: o => o.Latency = TimeSpan.FromMilliseconds(50), engine: o => o.History.MinSamples = 1);
        const string Settings = """{"completion_window":"60s","tier_policy":"realtime"}""";

        var (_, first) = await tiers.RunAsync(LinesPerModel, Settings);
        var (_, second) = await tiers.RunAsync(LinesPerModel, Settings);

        Assert.Equal(JobSummaryStatus.Completed, first.Status);
        Assert.Equal(JobSummaryStatus.Completed, second.Status);
        Assert.Equal("the plan at split time (real-time rate limits)", first.Eta!.Basis);
        Assert.StartsWith($"the plan at split time (learned throughput of realtime on openai {TierCatalogs.Model} (101-1000 lines): median ", second.Eta!.Basis, StringComparison.Ordinal);
        Assert.EndsWith(" lines/s, learned from 1 sample)", second.Eta.Basis, StringComparison.Ordinal);
    }

    private static async Task<CompletionRecord?> RecordAsync(TierHarness tiers, CompletionKey key) =>
        (await new StateStore<CompletionRecord>(tiers.Engine.Blobs, HistoryJsonContext.Default.CompletionRecord).ReadAsync(key.BlobName, CancellationToken.None))?.Value;

    private static async Task<IReadOnlyList<CompletionSample>> JobSamplesAsync(TierHarness tiers, CompletionKey key, string jobId) =>
        (await RecordAsync(tiers, key))?.Samples.Where(s => s.Id == "job:" + jobId).ToList() ?? [];

    // Samples of this job in every history blob: the emulator's port names this harness's endpoints.
    private static async Task<int> CountJobSamplesAsync(TierHarness tiers, string jobId)
    {
        var store = new StateStore<CompletionRecord>(tiers.Engine.Blobs, HistoryJsonContext.Default.CompletionRecord);
        var count = 0;
        await foreach (var item in tiers.Engine.Blobs.ListAsync(StorageLayout.WorkContainer, CompletionKey.Prefix))
        {
            var record = await store.ReadAsync(item.Name, CancellationToken.None);
            count += record!.Value.Samples.Count(s => s.Id == "job:" + jobId);
        }

        return count;
    }
}
