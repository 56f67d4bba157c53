using System.Globalization;
using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Budgets;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Tests.Infrastructure;

namespace BatchInference.Orchestrations.Tests.Engine;

/// <summary>
/// Budgets are hard caps: a line is sent only when what is spent, what is in flight and the line's own (high)
/// estimate fit under every cap that applies — the job's <c>budget_usd</c> and its tags' monthly budgets — however
/// many shards and workers share the cap. The job stops within one in-flight window of the cap and ends
/// <c>budget_exceeded</c>, keeping what was answered.
/// </summary>
public sealed partial class JobEngineTests
{
    private const decimal TinyBudget = 0.0003m; // a handful of the lines below
    private const int BudgetWindow = 4;

    [Fact]
    public async Task RunAsync_TinyBudget_NeverPassesTheCapAndStopsWithinOneWindowOfIt()
    {
        await using var harness = await StartAsync(provider: o => o.MaxConcurrency = 4, engine: SmallWindow);
        var input = CheapChatLines("budget", 80);
        var blob = await harness.UploadJobAsync(input.ToArray(), BudgetMetadata);

        var summary = await harness.RunAsync(blob);

        await AssertBudgetRespectedAsync(harness, summary, input, TinyBudget);
    }

    [Fact]
    public async Task RunAsync_BudgetSharedByShardsOnThreeWorkers_IsStillAHardCap()
    {
        await using var harness = await StartAsync(
            provider: o => o.MaxConcurrency = 4,
            engine: o =>
            {
                SmallWindow(o);
                o.ShardMaxLines = 10;
            },
            workers: 3);
        var input = CheapChatLines("shared", 80);
        var blob = await harness.UploadJobAsync(input.ToArray(), BudgetMetadata);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.BudgetExceeded, summary.Status);
        Assert.True(summary.Cost.EffectiveUsd <= TinyBudget, $"Spent {summary.Cost.EffectiveUsd} USD against a cap of {TinyBudget}.");
        Assert.True(summary.Counts.Succeeded > 0);
        var ledger = await harness.ReadLedgerAsync(summary.JobId);
        AssertLedgerMatchesEmulator(harness, summary.JobId, ledger);
        var rejected = (await harness.ReadErrorsAsync(summary.JobId)).Where(e => e.Error?.Code == "budget_exceeded").ToList();
        Assert.Equal(80 - summary.Counts.Succeeded, rejected.Count);
        Assert.All(rejected, e => Assert.Empty(harness.RequestsFor(summary.JobId, e.CustomId!)));
    }

    [Fact]
    public async Task RunAsync_LineThatCouldPassTheBudgetAlone_IsNeverSent()
    {
        // 200,000 output tokens could cost far more than the whole budget: the line is refused before it is sent,
        // not discovered afterwards.
        await using var harness = await StartAsync(engine: SmallWindow);
        var input = new JobInputBuilder().Other(RequestLines.Chat("too-big", "gpt-4.1-mini", "hi", maxTokens: 200_000));
        AddCheapChatLines(input, "behind", 5);
        var blob = await harness.UploadJobAsync(input.ToArray(), BudgetMetadata);

        var summary = await harness.RunAsync(blob);

        Assert.Equal(JobSummaryStatus.BudgetExceeded, summary.Status);
        Assert.Contains("budget of 0.0003 USD", summary.FailureReason, StringComparison.Ordinal);
        Assert.Empty(harness.Emulator.RequestLog.Snapshot());
        var errors = await harness.ReadErrorsAsync(summary.JobId);
        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.Equal("budget_exceeded", e.Error!.Code));
        Assert.Equal(JobStatus.BudgetExceeded, (await harness.Engine.GetJobAsync(summary.JobId))!.Status);
    }

    [Fact]
    public async Task RunAsync_MonthlyTagBudget_CapsTwoJobsTogether()
    {
        const decimal Monthly = 0.0004m;
        var team = "team-" + Guid.NewGuid().ToString("N")[..8]; // a fresh account: accounts live for the month
        await using var harness = await StartAsync(
            provider: o => o.MaxConcurrency = 4,
            engine: o =>
            {
                SmallWindow(o);
                o.MonthlyBudgets["team"] = new() { [team] = Monthly };
            });
        var tags = new Dictionary<string, string> { ["tag_team"] = team };

        var first = await harness.RunAsync(await harness.UploadJobAsync(CheapChatLines("first", 40).ToArray(), tags));
        var second = await harness.RunAsync(await harness.UploadJobAsync(CheapChatLines("second", 40).ToArray(), tags));

        Assert.Equal(JobSummaryStatus.BudgetExceeded, first.Status);
        Assert.Equal(JobSummaryStatus.BudgetExceeded, second.Status);
        Assert.Contains($"team={team}", second.FailureReason, StringComparison.Ordinal);
        var spent = first.Cost.EffectiveUsd + second.Cost.EffectiveUsd;
        Assert.True(spent <= Monthly, $"Two jobs spent {spent} USD against a monthly cap of {Monthly}.");
        Assert.Equal(harness.Emulator.RequestLog.BillableCount, first.Counts.Succeeded + second.Counts.Succeeded);
    }

    private static void SmallWindow(EngineOptions options)
    {
        options.InFlightLimit = BudgetWindow;
        options.CheckpointLines = BudgetWindow;
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
    /// The cap holds (spent ≤ budget), and the job stopped within one window of it: what is left is less than the
    /// estimates of an in-flight window plus one reservation chunk plus the refused line. The answered lines are a
    /// prefix of the input; every later line is <c>budget_exceeded</c> and never reached the provider.
    /// </summary>
    private static async Task AssertBudgetRespectedAsync(EngineHarness harness, JobSummary summary, JobInputBuilder input, decimal budget)
    {
        var jobId = summary.JobId;
        Assert.Equal(JobSummaryStatus.BudgetExceeded, summary.Status);
        var ledger = await harness.ReadLedgerAsync(jobId);
        AssertLedgerMatchesEmulator(harness, jobId, ledger);
        Assert.Equal(summary.Cost.EffectiveUsd, ledger.Sum(e => e.EffectiveCost));
        Assert.True(summary.Cost.EffectiveUsd <= budget, $"Spent {summary.Cost.EffectiveUsd} USD against a cap of {budget}.");

        var estimate = await MaxEstimateAsync(harness, input);
        var slack = ((2 * BudgetWindow) + 1) * estimate;
        Assert.True(budget - summary.Cost.EffectiveUsd <= slack, $"Stopped with {budget - summary.Cost.EffectiveUsd} USD left; at most {slack} may be.");

        var rejected = (await harness.ReadErrorsAsync(jobId)).Where(e => e.Error?.Code == "budget_exceeded").ToList();
        Assert.NotEmpty(rejected);
        var firstRejected = rejected.Min(e => e.Error!.Line!.Value);
        Assert.Equal(input.Successes.Where(s => s.Line >= firstRejected).Select(s => s.CustomId), rejected.Select(e => e.CustomId));
        Assert.Equal(input.Successes.Where(s => s.Line < firstRejected).Select(s => s.CustomId), (await harness.ReadOutputAsync(jobId)).Select(o => o.CustomId));
        Assert.All(rejected, e => Assert.Empty(harness.RequestsFor(jobId, e.CustomId!)));
        Assert.Equal(rejected.Count, summary.Counts.Invalid);
    }

    private static async Task<decimal> MaxEstimateAsync(EngineHarness harness, JobInputBuilder input)
    {
        var catalog = PriceCatalog.BuiltIn();
        var max = 0m;
        await foreach (var line in JsonlRequestReader.ReadAsync(new MemoryStream(input.ToArray()), new JsonlReaderStats(), JsonlReaderOptions.Default))
        {
            if (line is RequestLine request && catalog.TryGetPrice(harness.Provider.Name, request.Model, "realtime", out var price))
            {
                max = Math.Max(max, CostEstimator.Estimate(request, price));
            }
        }

        return max;
    }
}
