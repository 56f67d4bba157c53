using System.Globalization;
using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

public sealed partial class JobEngineTests
{
    private const decimal TinyBudget = 0.0003m; // a handful of the lines below

    [Fact]
    public async Task RunAsync_TinyBudget_RejectsEveryLineAfterTheCapAndStaysNearTheBudget()
    {
        await using var harness = await StartAsync(provider: o => o.MaxConcurrency = 4);
        var input = CheapChatLines("budget", 80);
        var blob = await harness.UploadJobAsync(input.ToArray(), BudgetMetadata);

        var summary = await harness.RunAsync(blob);

        await AssertBudgetRespectedAsync(harness, summary, input, TinyBudget);
    }

    [Fact]
    public async Task RunAsync_TinyBudgetWhileTheFirstLineIsRetrying_StillStopsNearTheBudget()
    {
        // The first line asks for more tokens than the emulator's whole per-window budget, so every attempt is a 429
        // ("request too large") and the line takes ~1 s of backoff to fail. The other slot meanwhile keeps answering the
        // lines behind it: their cost is real from the moment they are answered, whatever order results are written in.
        await using var harness = await StartAsync(
            emulator: o =>
            {
                o.TokensPerMinute = 100_000;
                o.RateLimitWindow = TimeSpan.FromSeconds(1);
            },
            provider: o =>
            {
                o.MaxConcurrency = 2;
                o.MaxAttempts = 4;
                o.BaseRetryDelay = TimeSpan.FromMilliseconds(200);
                o.MaxRetryDelay = TimeSpan.FromSeconds(1);
            });
        var input = new JobInputBuilder().Other(RequestLines.Chat("too-many-tokens", "gpt-4.1-mini", "hi", maxTokens: 200_000));
        AddCheapChatLines(input, "behind", 80);
        var blob = await harness.UploadJobAsync(input.ToArray(), BudgetMetadata);

        var summary = await harness.RunAsync(blob);

        Assert.All(harness.RequestsFor(summary.JobId, "too-many-tokens"), r => Assert.Equal(429, r.StatusCode));
        await AssertBudgetRespectedAsync(harness, summary, input, TinyBudget);
    }

    private static Dictionary<string, string> BudgetMetadata =>
        new() { ["budget_usd"] = TinyBudget.ToString(CultureInfo.InvariantCulture) };

    private static JobInputBuilder CheapChatLines(string prefix, int count) => AddCheapChatLines(new JobInputBuilder(), prefix, count);

    private static JobInputBuilder AddCheapChatLines(JobInputBuilder input, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            input.Chat(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D3}"), "gpt-4.1-mini", maxTokens: 40);
        }

        return input;
    }

    /// <summary>
    /// Once spend reaches the budget no further line is sent: the answered lines are a prefix of the input, every later
    /// line is <c>budget_exceeded</c> and never reached the provider, and the overshoot is at most what can be in
    /// flight when the last line passes the check: MaxConcurrency requests plus the one read ahead of a free slot.
    /// </summary>
    private static async Task AssertBudgetRespectedAsync(EngineHarness harness, JobSummary summary, JobInputBuilder input, decimal budget)
    {
        var jobId = summary.JobId;
        Assert.Equal(JobSummaryStatus.CompletedWithErrors, summary.Status);
        var ledger = await harness.ReadLedgerAsync(jobId);
        AssertLedgerMatchesEmulator(harness, jobId, ledger);
        Assert.Equal(summary.Cost.EffectiveUsd, ledger.Sum(e => e.EffectiveCost));
        var maxSingle = ledger.Max(e => e.EffectiveCost);
        var allowed = budget + ((harness.Provider.MaxConcurrency + 1) * maxSingle);
        Assert.True(
            summary.Cost.EffectiveUsd <= allowed,
            $"Spent {summary.Cost.EffectiveUsd} USD on {ledger.Count} paid requests; budget {budget}, allowed at most {allowed} " +
            $"({harness.Provider.MaxConcurrency} in flight + 1 read ahead, {maxSingle} USD each at most).");
        Assert.True(summary.Cost.EffectiveUsd >= budget, "Lines were rejected before the budget was spent.");

        var rejected = (await harness.ReadErrorsAsync(jobId)).Where(e => e.Error?.Code == "budget_exceeded").ToList();
        Assert.NotEmpty(rejected);
        var firstRejected = rejected.Min(e => e.Error!.Line!.Value);
        Assert.Equal(
            input.Successes.Where(s => s.Line >= firstRejected).Select(s => s.CustomId),
            rejected.Select(e => e.CustomId));
        Assert.Equal(
            input.Successes.Where(s => s.Line < firstRejected).Select(s => s.CustomId),
            (await harness.ReadOutputAsync(jobId)).Select(o => o.CustomId));
        Assert.All(rejected, e => Assert.Empty(harness.RequestsFor(jobId, e.CustomId!)));
        Assert.Equal(rejected.Count, summary.Counts.Invalid);
    }
}
