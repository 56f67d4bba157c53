using System.Globalization;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>
/// The drop protocol: a dropped input with no settings of its own waits <c>Engine:SidecarGracePeriod</c> for its
/// <c>.job.json</c>, and a sidecar that comes after the job read its settings stops the job with a reason. Settings,
/// a hard budget above all, are never ignored silently. The grace is measured on a manual clock; only the queue's
/// re-check interval is real time.
/// </summary>
public sealed partial class JobEngineTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private static string TinyBudgetSidecar =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"budget_usd": {{TinyBudget}}}""");

    [Fact]
    public async Task RunAsync_SidecarWithBudgetArrivesWithinTheGrace_JobWaitsForItAndStopsAtTheBudget()
    {
        var clock = new FakeTimeProvider();
        await using var harness = await StartAsync(provider: o => o.MaxConcurrency = 4, engine: o => { SmallWindow(o); WithGrace(o); }, time: clock);
        var input = CheapChatLines("grace", 80);
        var blob = await harness.UploadJobAsync(input.ToArray());
        clock.SetUtcNow((await harness.GetJobPropertiesAsync(blob)).LastModified);

        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        var waiting = await WaitUntilSettledAsync(harness, jobId);
        Assert.True(waiting.Deadline is null, "The job read its settings before its sidecar could arrive.");
        Assert.Equal(waiting.CreatedAt + Grace, waiting.SidecarWaitUntil);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());

        clock.Advance(TimeSpan.FromSeconds(10)); // the sidecar comes 10 s after the input, as in the issue
        await harness.UploadSidecarAsync(blob, TinyBudgetSidecar);
        var summary = await harness.WaitForSummaryAsync(jobId);

        await AssertBudgetRespectedAsync(harness, summary, input, TinyBudget);
        Assert.Equal(TinyBudget, (await harness.Engine.GetJobAsync(jobId))!.BudgetUsd);
    }

    [Fact]
    public async Task RunAsync_NoSidecarWithinTheGrace_StartsWithDefaultsOnceTheGraceHasPassed()
    {
        var clock = new FakeTimeProvider();
        await using var harness = await StartAsync(engine: WithGrace, time: clock);
        var blob = await harness.UploadJobAsync(CheapChatLines("nosidecar", 3).ToArray());
        clock.SetUtcNow((await harness.GetJobPropertiesAsync(blob)).LastModified);

        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        Assert.Null((await WaitUntilSettledAsync(harness, jobId)).Deadline);
        clock.Advance(Grace);
        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(3, summary.Counts.Succeeded);
    }

    [Theory]
    [InlineData("sidecar", "none")]
    public async Task RunAsync_MetadataSaysWhereTheSettingsAre_StartsWithoutWaiting(string key, string value)
    {
        // The clock never moves: a job that waited for the grace would never finish.
        await using var harness = await StartAsync(engine: WithGrace, time: new FakeTimeProvider());
        var blob = await harness.UploadJobAsync(CheapChatLines("declared", 2).ToArray(), new Dictionary<string, string> { [key] = value });

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Null((await harness.Engine.GetJobAsync(summary.JobId))!.SidecarWaitUntil);
    }

    [Fact]
    public async Task SidecarArrivedAsync_AfterTheJobStartedWithOtherSettings_StopsTheJobWithAReason()
    {
        // Slow answers, one at a time: the job is still running when its sidecar comes.
        await using var harness = await StartAsync(
            emulator: o => o.Latency = TimeSpan.FromSeconds(1), provider: o => o.MaxConcurrency = 1, engine: WithGrace);
        var blob = await harness.UploadJobAsync(
            CheapChatLines("late", 40).ToArray(), new Dictionary<string, string> { ["completion_window"] = "24h", ["tier_policy"] = "realtime" });
        var jobId = await harness.Engine.SubmitAsync(StorageLayout.JobsContainer, blob);
        await Poll.UntilAsync(async () => (await harness.Engine.GetJobAsync(jobId))?.Deadline is not null, "the job to read its settings", TimeSpan.FromSeconds(60));

        await harness.UploadSidecarAsync(blob, TinyBudgetSidecar);
        var failed = await harness.Engine.SidecarArrivedAsync(StorageLayout.JobsContainer, StorageLayout.Sidecar(blob));
        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.NotNull(failed);
        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains($"{StorageLayout.Sidecar(blob)} arrived after the job had started with other settings", summary.FailureReason, StringComparison.Ordinal);
        Assert.True(summary.Counts.Succeeded < 40, $"{summary.Counts.Succeeded} lines ran although the job was stopped.");
        Assert.Null(await harness.Engine.SidecarArrivedAsync(StorageLayout.JobsContainer, StorageLayout.Sidecar(blob)));
    }

    [Fact]
    public async Task SidecarArrivedAsync_SidecarTheJobRead_ChangesNothing()
    {
        await using var harness = await StartAsync(engine: WithGrace, time: new FakeTimeProvider());
        var blob = await harness.UploadJobAsync(CheapChatLines("read", 2).ToArray());
        await harness.UploadSidecarAsync(blob, """{"completion_window": "4h"}""");
        var summary = await harness.RunAsync(blob);

        Assert.Null(await harness.Engine.SidecarArrivedAsync(StorageLayout.JobsContainer, StorageLayout.Sidecar(blob)));
        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
    }

    private static void WithGrace(EngineOptions options)
    {
        options.SidecarGracePeriod = Grace;
        options.SidecarCheckInterval = TimeSpan.FromMilliseconds(100);
    }

    // Waits until the StartJob step has either begun waiting for the sidecar or read the settings.
    private static async Task<JobState> WaitUntilSettledAsync(EngineHarness harness, string jobId)
    {
        JobState? state = null;
        await Poll.UntilAsync(
            async () => (state = await harness.Engine.GetJobAsync(jobId)) is { } s && (s.SidecarWaitUntil is not null || s.Deadline is not null),
            $"job {jobId} to wait for its sidecar or start", TimeSpan.FromSeconds(60));
        return state!;
    }
}
