using System.Text.Json;
using BatchInference.Jobs.Output;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    [Fact]
    public async Task RunAsync_ProviderRejectsALine_WritesItsErrorBodyOnceWithoutRetryOrCharge()
    {
        await using var harness = await StartAsync();
        var input = new JobInputBuilder()
            .Mixed("ok", 2)
            .Other(RequestLines.ChatWithoutMessages("no-messages", "gpt-4.1-mini"))
            .Mixed("ok", 3, start: 2);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.CompletedWithErrors, summary.Status);
        Assert.Equal(new JobLineCounts { Total = 6, Succeeded = 5, Failed = 1 }, summary.Counts);
        var request = Assert.Single(harness.RequestsFor(jobId, "no-messages"));
        Assert.Equal(400, request.StatusCode);
        Assert.False(request.Billable);

        var error = Assert.Single(await harness.ReadErrorsAsync(jobId));
        Assert.Equal("no-messages", error.CustomId);
        Assert.Equal(BatchRequestId.Create(jobId, 3), error.Id);
        Assert.Null(error.Error);
        Assert.NotNull(error.Response);
        Assert.Equal(400, error.Response.StatusCode);
        Assert.Equal(request.RequestId, error.Response.RequestId);
        using (var body = JsonDocument.Parse(error.Response.Body))
        {
            var providerError = body.RootElement.GetProperty("error");
            Assert.Equal("invalid_request_error", providerError.GetProperty("type").GetString());
            Assert.Equal("messages", providerError.GetProperty("param").GetString());
        }

        AssertSuccesses(input.Successes, await harness.ReadOutputAsync(jobId), jobId);
        var ledger = await harness.ReadLedgerAsync(jobId);
        Assert.Equal(5, ledger.Count);
        Assert.DoesNotContain(ledger, e => e.CustomId == "no-messages");
        AssertLedgerMatchesEmulator(harness, jobId, ledger);
    }
}
