using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.State;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>Provider batches that end on the emulator teach the planner: each is recorded once in the history.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class CompletionHistoryScenarioTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task BatchJob_EachCompletedProviderBatchIsRecordedOnce_SubmitToDone()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);

        var (jobId, summary) = await tiers.RunAsync(120, """{"completion_window":"60s"}""");

        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        var shards = await tiers.ShardsAsync(jobId, 2);
        Assert.All(shards, s => Assert.Equal((Tiers.Batch, ShardBatchPhase.Collected, TierCatalogs.Model), (s.Tier, s.Batch!.Phase, s.Batch.Model)));
        var emulator = new Uri(tiers.Engine.Emulator.BaseAddress, "v1");
        var history = await new CompletionHistoryStore(tiers.Engine.Blobs, new HistoryOptions { MinSamples = 2 })
            .LoadAsync(new Dictionary<string, Uri?> { ["openai"] = emulator }, summary.FinishedAt!.Value);
        var figures = history.For("openai", TierCatalogs.Model, Tiers.Batch, 60);
        Assert.Equal(2, figures.Samples); // two shards of 60 lines, one batch each
        Assert.True(figures.Learned);
        // Submit to done on the engine's clock: after "submitting" and no later than the collection.
        var longest = shards.Max(s => s.Batch!.CollectedAt!.Value - s.Batch.SubmittingAt);
        Assert.InRange(figures.P95, TimeSpan.FromTicks(1), longest);
        Assert.True(figures.LinesPerSecondP50 > 0);
    }
}
