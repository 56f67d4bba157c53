using System.Collections.Concurrent;
using Azure;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Tests.Durable;

/// <summary>
/// An engine activity that fails for good (storage unreachable for longer than the activity's retry policy lasts), on
/// the engine's own job and shard orchestrations: the analogue of the deleted queue engine's "send failed". The job
/// ends failed with the cause in its reason, keeps and bills exactly once what was paid, and accounts for every line.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ActivityFailureTests(AzuriteFixture azurite)
{
    private const string Outage = "storage unreachable (the test's outage)";

    [Fact]
    public async Task ShardSlice_FailsBeyondItsRetriesMidShard_FailsTheJobWithTheCauseKeepingWhatWasPaid()
    {
        // Shard 1's first slice runs; every later attempt fails as a storage outage would.
        var sliceCalls = new ConcurrentDictionary<int, int>();
        await using var harness = await DurableEngineHarness.StartAsync(
            azurite,
            engine: o =>
            {
                o.ShardMaxLines = 10;
                o.SliceMaxLines = 4;
                o.ActivityMaxAttempts = 3;
                o.ActivityRetryInterval = TimeSpan.FromMilliseconds(100);
            },
            configureTasks: (_, _, activities) =>
            {
                var slice = activities[ShardActivities.Slice];
                activities[ShardActivities.Slice] = () => new FailingActivity(slice(), input =>
                    input is ShardStepInput { Shard: 1 } && sliceCalls.AddOrUpdate(1, 1, (_, n) => n + 1) > 1);
            });
        var input = new JobInputBuilder().Mixed("outage", 30);
        // Real time: shard 1 (one chat model's lines) could otherwise be planned onto a provider batch, which has no slices.
        var blob = await harness.Parts.UploadJobAsync(input.ToArray(), new Dictionary<string, string> { ["tier_policy"] = "realtime" });

        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var ended = await harness.WaitForOrchestrationAsync(jobId);
        var summary = (await harness.Engine.GetSummaryAsync(jobId))!;

        // Retried as the policy says (the first, good call plus every attempt of the second), then the job failed: the
        // orchestration itself completed, so the failure is the job's, with its cause, in the summary and `bi status`.
        Assert.Equal(1 + 3, sliceCalls[1]);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ended.RuntimeStatus);
        var result = ended.ReadOutputAs<JobOrchestrationResult>()!;
        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.StartsWith("The job stopped: shard 1 failed repeatedly (", summary.FailureReason, StringComparison.Ordinal);
        Assert.Contains(Outage, summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(summary.FailureReason, (await harness.Engine.GetJobAsync(jobId))!.FailureReason);

        // Nothing lost: every line is answered or a job_failed record, once; shard 1's first slice is kept.
        var output = await harness.Parts.ReadOutputAsync(jobId);
        var errors = await harness.Parts.ReadErrorsAsync(jobId);
        Assert.All(errors, e => Assert.Equal("job_failed", e.Error!.Code));
        Assert.Equal(input.Successes.Select(s => s.CustomId), output.Concat(errors).Select(l => l.CustomId!).Order(StringComparer.Ordinal));
        // Shard 1 holds the second chat model's lines (1, 4, 10, 13, 16, 22, 25, 28): its first slice ran the first four.
        Assert.Contains(output, o => o.CustomId == "outage-00010");
        Assert.Contains(errors, e => e.CustomId == "outage-00028");

        // Billed exactly once: one ledger line per paid call, none for a line that never ran.
        var ledger = await harness.Parts.ReadLedgerAsync(jobId);
        Assert.Equal(harness.Parts.Emulator.RequestLog.BillableCount, ledger.Count);
        Assert.Equal(output.Count, ledger.Count);
        Assert.All(errors, e => Assert.DoesNotContain(harness.Parts.RequestsFor(jobId, e.CustomId!), r => r.Billable));
    }

    [Fact]
    public async Task PrepareJob_FailsBeyondItsRetries_FailsTheJobWithTheCauseAndPublishesItsSummary()
    {
        var prepareCalls = 0;
        await using var harness = await DurableEngineHarness.StartAsync(
            azurite,
            engine: o =>
            {
                o.ActivityMaxAttempts = 3;
                o.ActivityRetryInterval = TimeSpan.FromMilliseconds(100);
            },
            configureTasks: (_, _, activities) =>
            {
                var prepare = activities[JobActivities.Prepare];
                activities[JobActivities.Prepare] = () => new FailingActivity(prepare(), _ => Interlocked.Increment(ref prepareCalls) > 0);
            });
        var blob = await harness.Parts.UploadJobAsync(new JobInputBuilder().Mixed("unsplit", 5).ToArray());

        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var ended = await harness.WaitForOrchestrationAsync(jobId);
        var summary = (await harness.Engine.GetSummaryAsync(jobId))!;

        Assert.Equal(3, prepareCalls);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ended.RuntimeStatus);
        Assert.Equal(JobStatus.Failed, ended.ReadOutputAs<JobOrchestrationResult>()!.Status);
        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains(Outage, summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(summary.FailureReason, (await harness.Engine.GetJobAsync(jobId))!.FailureReason);
        Assert.Empty(harness.Parts.Emulator.RequestLog.Snapshot());
    }

    /// <summary>The real activity, except that it throws a storage failure when <paramref name="fail"/> says so.</summary>
    private sealed class FailingActivity(ITaskActivity real, Func<object?, bool> fail) : ITaskActivity
    {
        public Type InputType => real.InputType;

        public Type OutputType => real.OutputType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            fail(input) ? throw new RequestFailedException(503, Outage) : real.RunAsync(context, input);
    }
}
