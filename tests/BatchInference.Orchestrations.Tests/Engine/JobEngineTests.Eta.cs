using System.Text.Json;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Engine.Status;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    // Real time paced by 40 ms answers, four at a time, and small checkpoints: a 400-line job runs for a while and shows
    // progress as it goes, so a test can act on it (read its status, cancel it) while it runs.
    private Task<EngineHarness> StartPacedAsync() => StartAsync(
        emulator: o => o.Latency = TimeSpan.FromMilliseconds(40),
        provider: o => o.MaxConcurrency = 4,
        engine: o =>
        {
            o.ShardMaxLines = 100;
            o.CheckpointLines = 4;
            o.InFlightLimit = 8;
        });

    [Fact]
    public async Task Status_RunningJob_HasAnEtaFromItsRateSoFar_AndTheSummaryThePlannedFinish()
    {
        await using var harness = await StartPacedAsync();
        // Real time, so the ETA rests on the job's rate (a shard of one model would otherwise go to a provider batch).
        var blob = await harness.UploadJobAsync(
            new JobInputBuilder().Mixed("eta", 400).ToArray(), new Dictionary<string, string> { ["tier_policy"] = "realtime" });
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        JobStatusReport? running = null;
        await Poll.UntilAsync(
            async () => (running = await harness.Engine.GetStatusAsync(jobId)) is { Job.Status: JobStatus.Running, Progress.Lines: > 0 and < 400 },
            "some lines to be checkpointed while the job runs", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));

        var summary = await harness.WaitForSummaryAsync(jobId);

        var eta = running!.Eta!;
        Assert.Contains("lines/s so far", eta.Basis, StringComparison.Ordinal);
        Assert.True(eta.EstimatedFinish > running.Job.StartedAt, $"{eta.EstimatedFinish} after the start {running.Job.StartedAt}");
        var document = JsonSerializer.SerializeToElement(JobStatusDocument.From(running), StatusJsonContext.Default.JobStatusDocument);
        Assert.Equal(eta.Basis, document.GetProperty("eta").GetProperty("basis").GetString());
        Assert.Equal(eta.EstimatedFinish, document.GetProperty("eta").GetProperty("estimated_finish").GetDateTimeOffset());

        Assert.StartsWith("the plan at split time (real-time rate limits)", summary.Eta!.Basis, StringComparison.Ordinal);
        Assert.NotNull(summary.Eta.EstimatedFinish);
        var published = await harness.Blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, StorageLayout.Summary(jobId));
        using var json = JsonDocument.Parse(published!.Content.ToMemory());
        Assert.Equal(summary.Eta.Basis, json.RootElement.GetProperty("eta").GetProperty("basis").GetString());
    }
}
