using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Orchestrations.Tests.Durable;

/// <summary>
/// The job orchestration end to end on the local Durable Task host: Azurite for blobs and the task hub, the provider
/// emulator over HTTP, jobs started, cancelled and watched through a <see cref="DurableTaskClient"/>. Shards run through
/// a test-only real-time shard orchestration (<see cref="RealtimeShardOrchestrator"/>).
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class JobOrchestratorTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Job_MixedLinesOverSeveralShards_PublishesEveryLineAndReportsItsProgress()
    {
        await using var harness = await DurableEngineHarness.StartAsync(azurite, engine: o => o.ShardMaxLines = 40);
        var input = new JobInputBuilder().Mixed("req", 60).EveryKindOfBadLine(existingCustomId: "req-00007", 16 * 1024).Mixed("req", 60, start: 60);
        var durableBlob = await harness.Parts.UploadJobAsync(input.ToArray());

        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, durableBlob);
        var ended = await harness.WaitForOrchestrationAsync(jobId);
        var summary = (await harness.Engine.GetSummaryAsync(jobId))!;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, ended.RuntimeStatus);
        Assert.Equal(new JobOrchestrationResult(jobId, JobStatus.CompletedWithErrors, summary.Counts, null), ended.ReadOutputAs<JobOrchestrationResult>());
        // One shard per model and endpoint (up to 40 lines each) and one for the bad lines.
        var shards = (await harness.Engine.GetJobAsync(jobId))!.ShardCount!.Value;
        Assert.InRange(shards, 5, 8);
        Assert.Equal(new JobProgress(JobPhase.Finished, shards, shards, 0, input.NonBlankLines, false), ended.ReadCustomStatusAs<JobProgress>());
        Assert.Equal(JobStatus.CompletedWithErrors, (await harness.Engine.GetJobAsync(jobId))!.Status);

        // Every good line answered once, in input order (the 16 KiB line is within the default limit, so it is answered too).
        var output = (await harness.Parts.ReadOutputAsync(jobId)).Select(o => o.CustomId).ToList();
        Assert.Equal(input.Successes.Select(e => e.CustomId), output.Where(id => id != "too-large"));
        Assert.Equal(summary.Counts.Succeeded, output.Count);
        Assert.Equal(summary.Counts.Total - summary.Counts.Succeeded, (await harness.Parts.ReadErrorsAsync(jobId)).Count);
        var ledger = await harness.Parts.ReadLedgerAsync(jobId);
        Assert.Equal(summary.Counts.Succeeded, harness.Parts.Emulator.RequestLog.BillableCount);
        Assert.Equal(harness.Parts.Emulator.RequestLog.BillableCount, ledger.Count);
    }

    [Fact]
    public async Task Submit_RedeliveredAndRacing_StartsOneInstanceThatRunsEachLineOnce()
    {
        await using var harness = await DurableEngineHarness.StartAsync(azurite);
        var other = harness.Parts.CreateEngine("second-dispatcher", harness.Client);
        var blob = await harness.Parts.UploadJobAsync(new JobInputBuilder().Mixed("dup", 12).ToArray());
        var messageId = $"msg-{Guid.NewGuid():N}"; // job ids derive from it, and tests share one Azurite

        var ids = await Task.WhenAll(
            harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob), other.SubmitAsync(StorageLayout.JobsContainer, blob));
        var ended = await harness.WaitForOrchestrationAsync(ids[0]);
        var again = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var messageIds = await Task.WhenAll(
            harness.Engine.SubmitMessageAsync(messageId, StorageLayout.JobsContainer, blob, settingsJson: null),
            other.SubmitMessageAsync(messageId, StorageLayout.JobsContainer, blob, settingsJson: null));
        var messageEnded = await harness.WaitForOrchestrationAsync(messageIds[0]);
        var messageAgain = await other.SubmitMessageAsync(messageId, StorageLayout.JobsContainer, blob, settingsJson: null);

        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids[0], again);
        Assert.Equal(messageIds[0], messageIds[1]);
        Assert.Equal(messageIds[0], messageAgain);
        Assert.NotEqual(ids[0], messageIds[0]);
        foreach (var (id, first) in new[] { (ids[0], ended), (messageIds[0], messageEnded) })
        {
            var now = await harness.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, now!.RuntimeStatus);
            Assert.Equal(first.CreatedAt, now.CreatedAt); // the same execution: a later submit replaced nothing
            Assert.Equal(JobStatus.Completed, now.ReadOutputAs<JobOrchestrationResult>()!.Status);
        }

        Assert.Equal(24, harness.Parts.Emulator.RequestLog.BillableCount);
    }

    // Through the engine's CancelAsync, JobEngineTests.CancelAsync_MidJob runs on Durable too.
    [Fact]
    public async Task CancelEventRaisedStraightAtTheInstance_MidJob_EndsCancelledKeepingFinishedLinesAndMarkingTheRestCancelled()
    {
        await using var harness = await DurableEngineHarness.StartAsync(
            azurite,
            emulator: o => o.Latency = TimeSpan.FromMilliseconds(40),
            provider: o => o.MaxConcurrency = 4,
            engine: o =>
            {
                o.ShardMaxLines = 100;
                o.CheckpointLines = 4;
                o.InFlightLimit = 8;
            });
        var input = new JobInputBuilder().Mixed("cancel", 400);
        var blob = await harness.Parts.UploadJobAsync(input.ToArray());
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        await Poll.UntilAsync(
            async () => (await harness.Engine.GetStatusAsync(jobId)) is { Progress.Lines: >= 20, Orchestration.Phase: JobPhase.Running },
            "some lines to be checkpointed", Bound, Every);

        // As a Functions HTTP endpoint would: only the event, straight to the instance.
        await harness.Client.RaiseEventAsync(EngineOrchestrations.JobInstanceId(jobId), EngineOrchestrations.CancelEvent);

        var ended = await harness.WaitForOrchestrationAsync(jobId);
        var summary = (await harness.Engine.GetSummaryAsync(jobId))!;

        Assert.Equal(JobStatus.Cancelled, ended.ReadOutputAs<JobOrchestrationResult>()!.Status);
        Assert.True(ended.ReadCustomStatusAs<JobProgress>()!.CancelRequested);
        Assert.Equal(JobSummaryStatus.Cancelled, summary.Status);
        Assert.Equal(JobStatus.Cancelled, (await harness.Engine.GetJobAsync(jobId))!.Status);
        var output = await harness.Parts.ReadOutputAsync(jobId);
        var errors = await harness.Parts.ReadErrorsAsync(jobId);
        Assert.InRange(output.Count, 20, 399);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("job_cancelled", e.Error!.Code));
        Assert.Equal(
            input.Successes.Select(s => s.CustomId).Order(StringComparer.Ordinal),
            output.Concat(errors).Select(l => l.CustomId!).Order(StringComparer.Ordinal));
        Assert.Equal(harness.Parts.Emulator.RequestLog.BillableCount, (await harness.Parts.ReadLedgerAsync(jobId)).Count);
        Assert.All(errors, e => Assert.DoesNotContain(harness.Parts.RequestsFor(jobId, e.CustomId!), r => r.Billable));
    }

    [Fact]
    public async Task Shard_FailsAfterItsRetries_FailsTheJobWithAReasonAndPublishesItsSummary()
    {
        await using var harness = await DurableEngineHarness.StartAsync(
            azurite, engine: o => o.ShardMaxLines = 10, refuseShard: k => k == 1);
        var input = new JobInputBuilder().Mixed("fail", 30);
        var blob = await harness.Parts.UploadJobAsync(input.ToArray());

        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var ended = await harness.WaitForOrchestrationAsync(jobId);
        var summary = (await harness.Engine.GetSummaryAsync(jobId))!;

        var result = ended.ReadOutputAs<JobOrchestrationResult>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ended.RuntimeStatus);
        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.StartsWith("The job stopped: shard 1 failed repeatedly (", summary.FailureReason, StringComparison.Ordinal);
        Assert.Contains("shard 1 refused by the test", summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(summary.FailureReason, result.FailureReason);
        Assert.Equal(JobStatus.Failed, (await harness.Engine.GetJobAsync(jobId))!.Status);
        var output = await harness.Parts.ReadOutputAsync(jobId);
        var errors = await harness.Parts.ReadErrorsAsync(jobId);
        Assert.All(errors, e => Assert.Equal("job_failed", e.Error!.Code));
        Assert.Contains(errors, e => e.CustomId == "fail-00013"); // a line of shard 1 (the second chat model's) never ran
        Assert.Equal(
            input.Successes.Select(s => s.CustomId).Order(StringComparer.Ordinal),
            output.Concat(errors).Select(l => l.CustomId!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sidecar_ArrivesWhileTheJobWaitsForIt_EndsTheWaitAtOnceAndItsSettingsApply()
    {
        // The engine's clock never moves and the wait is an hour: only the sidecar's arrival can start the job.
        var clock = new FakeTimeProvider();
        await using var harness = await DurableEngineHarness.StartAsync(
            azurite,
            engine: o =>
            {
                o.SidecarGracePeriod = TimeSpan.FromHours(1);
                o.SidecarCheckInterval = TimeSpan.FromHours(1);
            },
            time: clock);
        var blob = await harness.Parts.UploadJobAsync(new JobInputBuilder().Mixed("late", 5).ToArray());
        clock.SetUtcNow((await harness.Parts.GetJobPropertiesAsync(blob)).LastModified);
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        await Poll.UntilAsync(
            async () => (await harness.Engine.GetStatusAsync(jobId)) is { Job.SidecarWaitUntil: not null, Orchestration.Phase: JobPhase.Waiting },
            "the job to wait for its sidecar", Bound, Every);
        Assert.Empty(harness.Parts.Emulator.RequestLog.Snapshot());

        await harness.Parts.UploadSidecarAsync(blob, """{"budget_usd": 100}""");
        Assert.Null(await harness.Engine.SidecarArrivedAsync(StorageLayout.JobsContainer, StorageLayout.Sidecar(blob)));
        var ended = await harness.WaitForOrchestrationAsync(jobId);

        Assert.Equal(JobStatus.Completed, ended.ReadOutputAs<JobOrchestrationResult>()!.Status);
        Assert.Equal(100m, (await harness.Engine.GetJobAsync(jobId))!.BudgetUsd);
        Assert.Equal(5, harness.Parts.Emulator.RequestLog.BillableCount);
    }
}
