using System.Text.Json;
using BatchInference.Jobs.Output;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Orchestrations.Tests.TierScenarios;
using BatchInference.Testing;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Tests.Durable;

/// <summary>
/// The shard orchestration on the Durable Task Framework (Azurite) with the provider emulator over HTTP: real-time
/// shards as bounded slices that resume from their checkpoints.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed partial class ShardOrchestratorTests(AzuriteFixture azurite)
{
    private const string Model = "gpt-4o-mini";

    private static readonly Dictionary<string, string> Realtime = new(StringComparer.Ordinal) { ["tier_policy"] = "realtime" };

    [Fact]
    public async Task RealtimeShards_RunInSlices_PublishWhatAWholeJobRunPublishes()
    {
        const int lines = 150; // shards of 100 and 50, slices of at most 40 lines
        Action<EngineOptions> engine = o =>
        {
            o.ShardMaxLines = 100;
            o.SliceMaxLines = 40;
            o.InFlightLimit = 16;
            o.CheckpointLines = 8;
            o.KeepWorkFiles = true;
        };
        var input = TierHarness.Input(lines, Model);
        await using var wholeRun = await EngineHarness.StartAsync(azurite, engine: engine, workers: 1);
        var wholeJob = await wholeRun.Engine.SubmitAsync(StorageLayout.JobsContainer, await wholeRun.UploadJobAsync(input, Realtime));
        var wholeSummary = await wholeRun.WaitForSummaryAsync(wholeJob);
        await using var harness = await EngineHarness.StartAsync(azurite, engine: engine, workers: 0);
        await using var hub = await ShardHub.StartAsync(harness, azurite);
        var jobId = await hub.PrepareJobAsync(await harness.UploadJobAsync(input, Realtime));

        var results = await hub.RunShardsAsync(jobId);

        Assert.Equal([new ShardOrchestrationResult(0, false, null), new ShardOrchestrationResult(1, false, null)], results);
        Assert.Equal(3, await JournalRunsAsync(harness, jobId, 0)); // 100 lines in slices of 40: three slices
        var job = (await hub.Context.Jobs.ReadAsync(StorageLayout.JobState(jobId), CancellationToken.None))!.Value;
        Assert.Equal(JobStatus.Finishing, job.Status); // every shard recorded; the job's finish is the job orchestration's
        Assert.Equal([0, 1], job.ShardsFinished.Order());
        Assert.Equal(lines, harness.Emulator.RequestLog.Snapshot().Count(r => r.Billable)); // each line sent once
        await hub.FinishJobAsync(jobId);
        var summary = await harness.WaitForSummaryAsync(jobId);
        Assert.Equal((wholeSummary.Status, wholeSummary.Counts), (summary.Status, summary.Counts));
        Assert.Equal(Answers(await wholeRun.ReadOutputAsync(wholeJob)), Answers(await harness.ReadOutputAsync(jobId)));
    }

    [Fact]
    public async Task SliceInterrupted_TheNextSliceResumes_ReSendingAtMostTheInFlightWindow()
    {
        const int lines = 400;
        const int window = 32;
        await using var harness = await EngineHarness.StartAsync(
            azurite,
            emulator: o => o.Latency = TimeSpan.FromMilliseconds(150), // the rest of the slice takes seconds, whatever the machine
            engine: o =>
            {
                o.InFlightLimit = window;
                o.CheckpointLines = 16;
                o.SliceMaxLines = 10_000; // one slice would take the whole shard
                o.KeepWorkFiles = true;
            },
            workers: 0);
        using var interrupt = new CancellationTokenSource();
        var first = new FirstSliceInterrupted(interrupt.Token);
        await using var hub = await ShardHub.StartAsync(harness, azurite, slice: first.Create);
        var jobId = await hub.PrepareJobAsync(await harness.UploadJobAsync(TierHarness.Input(lines, Model), Realtime));

        var instance = await hub.StartShardAsync(jobId, 0);
        await Poll.UntilAsync(
            () => Task.FromResult(harness.Emulator.RequestLog.Snapshot().Count(r => r.Billable) >= 100), "100 lines answered", TimeSpan.FromSeconds(60));
        await interrupt.CancelAsync(); // the first slice dies with requests in flight
        var result = await hub.WaitAsync(instance);

        Assert.Equal(new ShardOrchestrationResult(0, false, null), result); // progress before the failure: a crash, not poison
        Assert.True(await JournalRunsAsync(harness, jobId, 0) >= 2, "the interrupted slice was followed by another");
        var billable = harness.Emulator.RequestLog.Snapshot().Count(r => r.Billable);
        Assert.InRange(billable - lines, 0, window);
        await hub.FinishJobAsync(jobId);
        var output = await harness.ReadOutputAsync(jobId);
        Assert.Equal(lines, output.Select(o => o.CustomId).Distinct().Count());
        Assert.Equal(lines, output.Count);
    }

    [Fact]
    public async Task LongShard_ContinuesAsNewEveryFewSteps_AndStillFinishesEveryLineOnce()
    {
        const int lines = 60;
        await using var harness = await EngineHarness.StartAsync(azurite, engine: o => (o.SliceMaxLines, o.ShardStepsPerExecution) = (10, 2), workers: 0);
        await using var hub = await ShardHub.StartAsync(harness, azurite);
        var jobId = await hub.PrepareJobAsync(await harness.UploadJobAsync(TierHarness.Input(lines, Model), Realtime));

        var result = await hub.WaitAsync(await hub.StartShardAsync(jobId, 0));

        // Six slices over three executions: the result is the last execution's, after every line ran once.
        Assert.Equal(new ShardOrchestrationResult(0, false, null), result);
        Assert.Equal(lines, harness.Emulator.RequestLog.Snapshot().Count(r => r.Billable));
        var job = (await hub.Context.Jobs.ReadAsync(StorageLayout.JobState(jobId), CancellationToken.None))!.Value;
        Assert.Equal(JobStatus.Finishing, job.Status);
    }

    private static async Task<int> JournalRunsAsync(EngineHarness harness, string jobId, int shard)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in harness.Blobs.ListAsync(StorageLayout.WorkContainer, StorageLayout.ShardSentPrefix(jobId, shard)))
        {
            var name = item.Name[StorageLayout.ShardSentPrefix(jobId, shard).Length..];
            runs.Add(name[..name.LastIndexOf('-')]);
        }

        return runs.Count;
    }

    // What a line came to, without the ids each run makes up.
    private static List<string> Answers(IReadOnlyList<BatchOutputLine> output) =>
        [.. output.OrderBy(o => o.CustomId, StringComparer.Ordinal).Select(o => $"{o.CustomId} {o.Response?.StatusCode} {Content(o)}")];

    private static string Content(BatchOutputLine line)
    {
        using var body = JsonDocument.Parse(line.Response!.Body);
        return body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()
            + " " + body.RootElement.GetProperty("usage").GetRawText();
    }

    /// <summary>The real slice activity, the first run of which a test can interrupt (as a crash or a lost lease would).</summary>
    private sealed class FirstSliceInterrupted(CancellationToken interrupt)
    {
        private int _runs;

        private CancellationToken NextToken() => Interlocked.Increment(ref _runs) == 1 ? interrupt : default;

        public ITaskActivity Create(EngineContext context) => new Slice(context, this);

        private sealed class Slice(EngineContext context, FirstSliceInterrupted owner) : TaskActivity<ShardStepInput, ShardStep>
        {
            public override Task<ShardStep> RunAsync(TaskActivityContext activity, ShardStepInput input) =>
                new ShardSliceActivity(context, owner.NextToken()).RunAsync(activity, input);
        }
    }
}
