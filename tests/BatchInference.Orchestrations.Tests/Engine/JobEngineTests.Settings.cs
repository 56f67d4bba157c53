using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    [Theory]
    [InlineData("""{"completion_window": "4h", "dedline": "2030-01-01T00:00:00Z"}""", "dedline")]
    public async Task RunAsync_InvalidSidecar_FailsNamingTheProblemWithoutProviderRequests(string sidecar, string named)
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("settings", 3).ToArray());
        await harness.UploadSidecarAsync(blob, sidecar);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains(named, summary.FailureReason, StringComparison.Ordinal);
        Assert.Contains("sidecar", summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(0, summary.Counts.Total);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
        Assert.True(await harness.ExistsAsync(StorageLayout.ResultsContainer, StorageLayout.Summary(summary.JobId)));
        Assert.False(await harness.ExistsAsync(StorageLayout.LedgerContainer, StorageLayout.LedgerPart(summary.JobId, 0)));
    }

    [Fact]
    public async Task RunAsync_InvalidMetadataSetting_FailsNamingTheProblemWithoutProviderRequests()
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(
            new JobInputBuilder().Mixed("settings", 3).ToArray(), new Dictionary<string, string> { ["completion_window"] = "soon" });

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains("metadata: completion_window", summary.FailureReason, StringComparison.Ordinal);
        Assert.Contains("soon", summary.FailureReason, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
    }

    [Fact]
    public async Task RunAsync_InvalidSidecar_SummaryHasNoStartTime()
    {
        // JobSummary.StartedAt: "When the first line started running; null when none did."
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("settings", 3).ToArray());
        await harness.UploadSidecarAsync(blob, """{"dedline": "2030-01-01T00:00:00Z"}""");

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Null(summary.StartedAt);
    }

    [Fact]
    public async Task RunAsync_TagsInMetadataAndSidecar_LandInLedgerAndSpendReport()
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(
            new JobInputBuilder().Mixed("tags", 8).ToArray(),
            new Dictionary<string, string> { ["tag_team"] = "search", ["tag_env"] = "dev" });
        await harness.UploadSidecarAsync(blob, """{"tags": {"project": "recall", "env": "prod"}}""");
        var expected = new Dictionary<string, string> { ["team"] = "search", ["env"] = "prod", ["project"] = "recall" };

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        var ledger = await harness.ReadLedgerAsync(summary.JobId);
        Assert.Equal(8, ledger.Count);
        Assert.All(ledger, e => Assert.Equal(expected.OrderBy(p => p.Key), e.Tags.OrderBy(p => p.Key)));
        var report = await SpendReport.ReadAsync(await harness.DownloadSpendReportsAsync(summary.JobId));
        var tags = JsonSerializer.Deserialize<Dictionary<string, string>>(Assert.Single(report.DistinctTags))!;
        Assert.Equal(expected.OrderBy(p => p.Key), tags.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task RunAsync_CompletionWindowFourHours_DeadlineIsLastModifiedPlusFourHours()
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(
            new JobInputBuilder().Mixed("window", 2).ToArray(), new Dictionary<string, string> { ["completion_window"] = "4h" });
        var properties = await harness.GetJobPropertiesAsync(blob);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(properties.LastModified, summary.CreatedAt);
        Assert.Equal(properties.LastModified + TimeSpan.FromHours(4), summary.Deadline);
        Assert.True(summary.DeadlineMet);
    }

    [Fact]
    public async Task RunAsync_FinishedAfterTheCompletionWindow_ReportsDeadlineMissed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var harness = await StartAsync(time: clock);
        var blob = await harness.UploadJobAsync(
            new JobInputBuilder().Mixed("late", 2).ToArray(), new Dictionary<string, string> { ["completion_window"] = "4h" });
        var properties = await harness.GetJobPropertiesAsync(blob);
        await harness.UploadSidecarAsync(blob, """{"completion_window": "30m"}""");
        clock.SetUtcNow(properties.LastModified + TimeSpan.FromHours(1));

        var summary = await harness.RunAsync(blob);

        // The sidecar wins over metadata: 30 minutes, and the runner's clock says an hour has passed.
        Assert.Equal(properties.LastModified + TimeSpan.FromMinutes(30), summary.Deadline);
        Assert.Equal(properties.LastModified + TimeSpan.FromHours(1), summary.FinishedAt);
        Assert.False(summary.DeadlineMet);
        Assert.Equal(2, summary.Counts.Succeeded);
    }
}
