using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    [Theory]
    [InlineData("")]
    public async Task RunAsync_NoRequestLines_FailsWithClearReason(string content)
    {
        await using var harness = await StartAsync();
        var blob = await harness.UploadJobAsync(RequestLines.Text(content));

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains("no request lines", summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(new JobLineCounts(), summary.Counts);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
        Assert.Empty(await harness.ReadOutputAsync(summary.JobId));
        Assert.Empty(await harness.ReadErrorsAsync(summary.JobId));
        Assert.Empty(await harness.ListSpendReportsAsync(summary.JobId));
    }

    [Fact]
    public async Task RunAsync_OnlyInvalidLines_FailsWithReasonAndListsEveryLineInErrors()
    {
        await using var harness = await StartAsync();
        var input = new JobInputBuilder()
            .Bad(JobLineErrorCodes.InvalidJson, null, "this is not json")
            .Blank()
            .Bad(JobLineErrorCodes.MissingModel, "m1", """{"custom_id": "m1", "method": "POST", "url": "/v1/embeddings", "body": {"input": "x"}}""")
            .Bad("model_not_in_catalog", "m2", RequestLines.Chat("m2", "gpt-unknown-9", "hi"))
            .Bad(JobLineErrorCodes.UnsupportedUrl, "m3", """{"custom_id": "m3", "method": "POST", "url": "/v1/audio/speech", "body": {"model": "tts-1"}}""")
            .Bad(JobLineErrorCodes.DuplicateCustomId, "m1", RequestLines.Chat("m1", "gpt-unknown-9", "hi"));
        var blob = await harness.UploadJobAsync(input.ToArray());

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Failed, summary.Status);
        Assert.Contains("all 5 lines are invalid", summary.FailureReason, StringComparison.Ordinal);
        Assert.Equal(new JobLineCounts { Total = 5, Invalid = 5 }, summary.Counts);
        AssertErrors(input.Errors, await harness.ReadErrorsAsync(summary.JobId), summary.JobId);
        Assert.Empty(await harness.ReadOutputAsync(summary.JobId));
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
    }

    [Fact]
    public async Task RunAsync_InputBlobMissing_ThrowsFileNotFound()
    {
        await using var harness = await StartAsync();
        var missing = $"{StorageLayout.IncomingPrefix}missing-{Guid.NewGuid():N}.jsonl";

        var exception = await Assert.ThrowsAsync<FileNotFoundException>(() => harness.RunAsync(missing));

        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
    }
}
