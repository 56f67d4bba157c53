using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>Jobs started by a job message: the id comes from the message, the settings from the message, not a sidecar.</summary>
public sealed partial class JobEngineTests
{
    [Fact]
    public async Task SubmitMessageAsync_SettingsInTheMessage_WinOverTheSidecar_AndTheIdComesFromTheMessage()
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(new JobInputBuilder().Mixed("message", 3).ToArray());
        await harness.UploadSidecarAsync(blob, """{"completion_window": "72h"}""");
        var properties = await harness.GetJobPropertiesAsync(blob);
        var messageId = "msg-" + Guid.NewGuid().ToString("N");

        var jobId = await harness.Engine.SubmitMessageAsync(messageId, StorageLayout.JobsContainer, blob, """{"completion_window": "30m"}""");
        var again = await harness.Engine.SubmitMessageAsync(messageId, StorageLayout.JobsContainer, blob, """{"completion_window": "30m"}""");
        var summary = await harness.WaitForSummaryAsync(jobId);

        Assert.Equal(JobId.ForMessage(messageId), jobId);
        Assert.Equal(jobId, again);
        Assert.Equal(properties.LastModified + TimeSpan.FromMinutes(30), summary.Deadline);
        Assert.Equal(3, summary.Counts.Succeeded);
        Assert.True(3 == harness.Emulator.RequestLog.BillableCount, string.Join("\n", harness.Emulator.RequestLog.Snapshot().Select(r => $"{r.At:HH:mm:ss.fff} {r.Path} {r.Tier} {r.ClientRequestId} {r.StatusCode}")));
    }
}
