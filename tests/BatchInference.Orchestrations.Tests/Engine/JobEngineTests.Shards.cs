using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>Fan-out and fan-in: many shards, several workers (queue workers, or Durable workers on one task hub, each
/// with its own engine instance as in separate processes), one answer per line, in input order.</summary>
public sealed partial class JobEngineTests
{
    [Theory]
    [InlineData(3)]
    public async Task RunAsync_ManyShardsOnSeveralWorkers_AnswersEveryLineOnceInInputOrder(int workers)
    {
        await using var harness = await StartAsync(
            emulator: o => o.Latency = TimeSpan.FromMilliseconds(5),
            engine: o =>
            {
                o.ShardMaxLines = 40;
                o.CheckpointLines = 8;
                o.InFlightLimit = 16;
            },
            workers: workers);
        var input = new JobInputBuilder().Mixed("fan", 300).Bad("invalid_json", null, "{oops").Blank().Mixed("out", 100, start: 300);
        var blob = await harness.UploadJobAsync(input.ToArray());

        var summary = await harness.RunAsync(blob, TimeSpan.FromSeconds(90));

        var jobId = summary.JobId;
        Assert.Equal(JobSummaryStatus.CompletedWithErrors, summary.Status);
        Assert.Equal(new JobLineCounts { Total = 401, Succeeded = 400, Invalid = 1 }, summary.Counts);
        AssertSuccesses(input.Successes, await harness.ReadOutputAsync(jobId), jobId);
        AssertErrors(input.Errors, await harness.ReadErrorsAsync(jobId), jobId);
        Assert.Equal(400, harness.Emulator.RequestLog.BillableCount);
        AssertLedgerMatchesEmulator(harness, jobId, await harness.ReadLedgerAsync(jobId));

        var state = await harness.Engine.GetJobAsync(jobId);
        Assert.Equal(JobStatus.CompletedWithErrors, state!.Status);
        // Four interleaved models of 100 lines each, 40 per shard (40 + 40 + 20), and the invalid line's own shard.
        Assert.Equal(13, state.ShardCount);
        Assert.Equal(Enumerable.Range(0, 13), state.ShardsFinished.Order());
        var status = await harness.Engine.GetStatusAsync(jobId);
        Assert.All(status!.Shards, s => Assert.Equal(ShardStatus.Done, s.Status));
    }

    [Fact]
    public async Task RunAsync_Finished_DeletesShardInputsAndCheckpointsButKeepsStates()
    {
        await using var harness = await StartAsync(engine: o => o.ShardMaxLines = 10);
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("tidy", 25).ToArray());

        var summary = await harness.RunAsync(blob);
        // The clean-up runs after the job is terminal; the orchestration ends once it is done.
        using (var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            var ended = await harness.Hub.WaitForInstanceCompletionAsync(EngineOrchestrations.JobInstanceId(summary.JobId), cancellation: bound.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, ended.RuntimeStatus);
        }

        var left = new List<string>();
        await foreach (var item in harness.Blobs.ListAsync(StorageLayout.WorkContainer, StorageLayout.ShardsPrefix(summary.JobId)))
        {
            left.Add(item.Name[(item.Name.LastIndexOf("/shards/", StringComparison.Ordinal) + 8)..]);
        }

        // 25 lines of four interleaved models: one shard per model.
        Assert.Equal(["00000/state.json", "00001/state.json", "00002/state.json", "00003/state.json"], left);
    }
}
