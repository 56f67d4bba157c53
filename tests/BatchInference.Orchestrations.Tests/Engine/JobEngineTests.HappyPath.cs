using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    private const int MaxLineBytes = 16 * 1024;

    [Fact]
    public async Task RunAsync_GoodLinesMixedWithEveryKindOfBadLine_AnswersEachGoodLineOnceAndReportsEachBadLine()
    {
        await using var harness = await StartAsync(engine: o => o.MaxLineBytes = MaxLineBytes);
        var input = new JobInputBuilder().Mixed("req", 150).Blank();
        input.EveryKindOfBadLine(existingCustomId: "req-00007", MaxLineBytes).Blank().Mixed("req", 150, start: 150);
        var blob = await harness.UploadJobAsync(input.ToArray());
        var jobId = await harness.ExpectedJobIdAsync(blob);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(jobId, summary.JobId);
        Assert.Equal(JobSummaryStatus.CompletedWithErrors, summary.Status);
        Assert.Null(summary.FailureReason);
        Assert.True(summary.DeadlineMet);
        Assert.Equal(new JobLineCounts { Total = 311, Succeeded = 300, Failed = 0, Invalid = 11 }, summary.Counts);
        Assert.Equal(input.NonBlankLines, summary.Counts.Total);
        Assert.Equal(new Dictionary<string, long> { ["realtime"] = 300 }, summary.Tiers);
        var expectedModels = input.Successes.GroupBy(s => s.Model).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expectedModels.OrderBy(p => p.Key), summary.Models.OrderBy(p => p.Key));

        var output = await harness.ReadOutputAsync(jobId);
        AssertSuccesses(input.Successes, output, jobId);
        foreach (var (want, line) in input.Successes.Zip(output))
        {
            using var body = JsonDocument.Parse(line.Response!.Body);
            var expectedObject = want.Url == RequestLines.ChatUrl ? "chat.completion" : "list";
            Assert.Equal(expectedObject, body.RootElement.GetProperty("object").GetString());
            var billed = Assert.Single(harness.RequestsFor(jobId, want.CustomId));
            Assert.Equal(billed.RequestId, line.Response.RequestId);
            Assert.Equal(want.Model, billed.Model);
        }

        AssertErrors(input.Errors, await harness.ReadErrorsAsync(jobId), jobId);

        var ledger = await harness.ReadLedgerAsync(jobId);
        Assert.Equal(harness.Emulator.RequestLog.BillableCount, ledger.Count);
        Assert.Equal(300, ledger.Count);
        AssertLedgerMatchesEmulator(harness, jobId, ledger);
        Assert.Equal(summary.Cost.EffectiveUsd, ledger.Sum(e => e.EffectiveCost));
        Assert.Equal(summary.Tokens.Input, ledger.Sum(e => e.InputTokens));
        Assert.Equal(summary.Tokens.Output, ledger.Sum(e => e.OutputTokens));
        Assert.True(summary.Cost.EffectiveUsd > 0);

        var report = await SpendReport.ReadAsync(await harness.DownloadSpendReportsAsync(jobId));
        Assert.Equal(ledger.Count, report.Rows);
        Assert.Equal(ledger.Count, report.DistinctAttempts);
        Assert.Equal(summary.Cost.EffectiveUsd, report.BilledCost);
        Assert.Equal(summary.Cost.EffectiveUsd, report.EffectiveCost);
        Assert.Equal(CountByModel(ledger).OrderBy(p => p.Key), report.RowsPerModel.OrderBy(p => p.Key));
        Assert.Equal(expectedModels.OrderBy(p => p.Key), report.RowsPerModel.OrderBy(p => p.Key));
        Assert.Equal([jobId], report.DistinctJobIds);

        // Everything was staged in the spool and uploaded; nothing stays behind on disk.
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(harness.SpoolDirectory, "bi-spool")));
    }
}
