using System.Text;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    [Fact]
    public async Task RunAsync_ProviderDownForAWhile_PausesAndAnswersEveryLine()
    {
        // Every call fails until the test has seen the circuit's worth of 5xx; then the provider recovers. The job's
        // deadline is a day away, so the outage must cost time only.
        await using var harness = await StartAsync(
            emulator: o => o.ServerErrorRate = 1.0,
            provider: o =>
            {
                o.CircuitBreakerMinimumThroughput = 10;
                o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(1);
            });
        var input = new JobInputBuilder().Mixed("outage", 60);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var run = harness.RunAsync(blob, TimeSpan.FromMinutes(3));
        await Poll.UntilAsync(
            () => harness.Emulator.RequestLog.Snapshot().Count(r => r.StatusCode >= 500) >= 60, "the outage to fail 60 calls", TimeSpan.FromSeconds(60));
        harness.Emulator.Reconfigure(o => o.ServerErrorRate = 0);
        var summary = await run;

        Assert.Equal(JobSummaryStatus.Completed, summary.Status);
        Assert.Equal(new JobLineCounts { Total = 60, Succeeded = 60 }, summary.Counts);
        AssertSuccesses(input.Successes, await harness.ReadOutputAsync(jobId), jobId);
        Assert.Empty(await harness.ReadErrorsAsync(jobId));
        var ledger = await harness.ReadLedgerAsync(jobId);
        Assert.Equal(60, ledger.Count);
        AssertLedgerMatchesEmulator(harness, jobId, ledger);
    }

    [Fact]
    public async Task RunAsync_OneLineTheProviderAlwaysFails_FailsAloneAndNeverOpensTheCircuit()
    {
        // A lone surrogate in the content makes the emulator answer 500 every time. Sent first and alone (one request in
        // flight), its retries alone would reach the circuit's minimum throughput at a 100 % failure ratio.
        const int attempts = 6;
        await using var harness = await StartAsync(provider: o =>
        {
            o.MaxConcurrency = 1;
            o.MaxAttempts = attempts;
            o.CircuitBreakerMinimumThroughput = 4;
            o.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(10);
        });
        var poison = RequestLines.Text("""{"custom_id":"poison","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-mini","messages":[{"role":"user","content":"bad \ud800 text"}]}}""");
        var input = new JobInputBuilder().Other(poison).Mixed("fine", 12);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(new JobLineCounts { Total = 13, Succeeded = 12, Failed = 1 }, summary.Counts);
        var error = Assert.Single(await harness.ReadErrorsAsync(jobId));
        Assert.Equal("poison", error.CustomId);
        Assert.Equal(attempts, harness.RequestsFor(jobId, "poison").Count);
        Assert.All(harness.RequestsFor(jobId, "poison"), r => Assert.Equal(500, r.StatusCode));
        AssertSuccesses(input.Successes, await harness.ReadOutputAsync(jobId), jobId);
        AssertLedgerMatchesEmulator(harness, jobId, await harness.ReadLedgerAsync(jobId));
    }

    [Fact]
    public async Task RunAsync_UnicodeCustomIds_AreSentAndEchoedByteForByte()
    {
        string[] ids = ["日本語-1", "emoji-😀", "ümlaut ß", "100%-sure", "tab\tand space", "ascii-ok"];
        await using var harness = await StartAsync();
        var input = new JobInputBuilder();
        foreach (var id in ids)
        {
            input.Chat(id, JobInputBuilder.ChatModels[0]);
        }

        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(new JobLineCounts { Total = ids.Length, Succeeded = ids.Length }, summary.Counts);
        var output = await harness.ReadOutputAsync(jobId);
        Assert.Equal(ids.Select(Encoding.UTF8.GetBytes), output.Select(o => Encoding.UTF8.GetBytes(o.CustomId!)));
        Assert.Empty(await harness.ReadErrorsAsync(jobId));
        Assert.Equal(ids.Length, harness.Emulator.RequestLog.Snapshot().Count); // sent once each: nothing refused, nothing retried
        Assert.Equal(ids.Length, (await harness.ReadLedgerAsync(jobId)).Count);
    }
}
