using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    [Fact]
    public async Task RunAsync_RateLimitStormAndServerErrors_AnswersEveryLineExactlyOnceAndPaysEachOnce()
    {
        // 150 requests per second against 600 lines and 16 in flight: the emulator answers 429 whenever the client outruns it,
        // and one admitted call in twenty fails with a 5xx.
        await using var harness = await StartAsync(
            emulator: o =>
            {
                o.RequestsPerMinute = 150;
                o.RateLimitWindow = TimeSpan.FromSeconds(1);
                o.ServerErrorRate = 0.05;
                o.Seed = 11;
            },
            provider: o =>
            {
                o.MaxConcurrency = 16;
                o.MaxAttempts = 30;
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(250);
            });
        var input = new JobInputBuilder().Mixed("storm", 600);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(new JobLineCounts { Total = 600, Succeeded = 600 }, summary.Counts);
        var output = await harness.ReadOutputAsync(jobId);
        AssertSuccesses(input.Successes, output, jobId);
        Assert.Equal(600, output.Select(o => o.CustomId).Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(await harness.ReadErrorsAsync(jobId));

        var log = harness.Emulator.RequestLog.Snapshot();
        Assert.Contains(log, r => r.StatusCode == 429);
        Assert.Contains(log, r => r.StatusCode >= 500);
        Assert.All(log, r => Assert.StartsWith($"{jobId}:", r.ClientRequestId, StringComparison.Ordinal));
        Assert.Equal(600, harness.Emulator.RequestLog.BillableCount);
        foreach (var line in input.Successes)
        {
            var billed = Assert.Single(harness.RequestsFor(jobId, line.CustomId), r => r.Billable);
            Assert.Equal(billed.RequestId, output.Single(o => o.CustomId == line.CustomId).Response!.RequestId);
        }

        var ledger = await harness.ReadLedgerAsync(jobId);
        Assert.Equal(600, ledger.Count);
        AssertLedgerMatchesEmulator(harness, jobId, ledger);

        Assert.True(log.Count > 600, "The storm caused no retries, so it tested nothing.");
    }
}
