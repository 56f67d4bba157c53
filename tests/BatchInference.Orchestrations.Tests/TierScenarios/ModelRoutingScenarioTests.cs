using System.Text;
using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>
/// Every model a file names is routed and priced, end to end on the emulator: each line goes to the provider of its own
/// url and model in one job (Anthropic <c>/v1/messages</c> next to OpenAI chat), dated snapshots of both providers are
/// priced as their base model while the provider is asked for the name the user wrote, and a model the catalog does
/// not know either fails naming the closest known ones or runs unpriced when the job says so.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ModelRoutingScenarioTests(AzuriteFixture azurite)
{
    private const int Lines = 120; // two shards of 60, each mixing both providers

    private static readonly string[] Models = ["claude-haiku-4-5-20251001", "gpt-4.1-mini-2025-04-14", TierCatalogs.ClaudeModel, TierCatalogs.Model];

    [Fact]
    public async Task MixedProvidersAndSnapshots_EveryLineRunsOnItsOwnProvider_PricedAsItsBaseModel()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = TierHarness.Input(Lines, i => Models[i % Models.Length]);

        // Real time only: each model's shard would otherwise go to its provider's batch, and this is about the routing.
        var (jobId, summary) = await tiers.RunAsync(input, """{"completion_window":"60s","tier_policy":"realtime"}""");

        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal((long)Lines, summary.Counts.Succeeded);
        Assert.Equal(new Dictionary<string, int> { ["realtime"] = Lines / 2, ["realtime@anthropic"] = Lines / 2 }, tiers.BillableByTier());
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.Equal(Lines, ledger.Count);
        Assert.All(ledger, e => Assert.Equal(e.Model.StartsWith("claude", StringComparison.Ordinal) ? "anthropic" : "openai", e.Provider));
        Assert.All(ledger, e => Assert.Equal(e.Model.Contains("-20", StringComparison.Ordinal) ? BaseOf(e.Model) : null, e.PricedAs));
        Assert.All(ledger, e => Assert.Equal($"{e.Provider}/{BaseOf(e.Model)}/realtime", e.SkuId));
        Assert.All(ledger, e => Assert.True(e.EffectiveCost > 0));

        // The provider was asked for the dated name itself: the emulator answers with the model it was sent.
        var output = await tiers.Engine.ReadOutputAsync(jobId);
        Assert.Equal(Lines / Models.Length, output.Count(o => Encoding.UTF8.GetString(o.Response!.Body.Span).Contains("\"model\":\"claude-haiku-4-5-20251001\"", StringComparison.Ordinal)));

        var priced = await DuckDbQuery.QueryAsync($"""
            SELECT x_Model AS model, x_PricedAs AS priced_as, bool_or(x_Unpriced) AS unpriced
            FROM read_parquet([{string.Join(", ", (await tiers.Engine.DownloadSpendReportsAsync(jobId)).Select(DuckDbQuery.Literal))}])
            GROUP BY x_Model, x_PricedAs ORDER BY x_Model;
            """);
        Assert.Equal(
            Models.Order(StringComparer.Ordinal).Select(m => $"{m}->{BaseOf(m)} unpriced=False"),
            priced.Select(r => $"{r.GetProperty("model").GetString()}->{r.GetProperty("priced_as").GetString()} unpriced={r.GetProperty("unpriced").GetBoolean()}"));
    }

    [Fact]
    public async Task UnknownModel_ByDefault_FailsNamingTheClosestKnownModels_TheRestRuns()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = TierHarness.Input(10, i => i < 5 ? TierCatalogs.Model : "gpt-4.1-mimi");

        var (jobId, summary) = await tiers.RunAsync(input, """{"completion_window":"60s"}""");

        Assert.Equal(5L, summary.Counts.Succeeded);
        var errors = await tiers.Engine.ReadErrorsAsync(jobId);
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Equal("model_not_in_catalog", e.Error!.Code));
        Assert.All(errors, e => Assert.Contains("closest known: 'gpt-4.1-mini'", e.Error!.Message, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.Contains("unknown_model: run_unpriced", e.Error!.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownModel_RunUnpricedExcludedFromBudgets_RunsInRealTimeOnItsFamily_MarkedUnpriced_OutsideTheBudget()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = TierHarness.Input(10, i => i % 2 == 0 ? "my-fine-tune-7b" : "claude-imaginary-9");

        // A budget no line would fit under: the job said to leave unpriced lines out of its budgets.
        var (jobId, summary) = await tiers.RunAsync(
            input, """{"completion_window":"60s","unknown_model":"run_unpriced","unpriced_budget":"exclude","budget_usd":0.0000001}""");

        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal(10L, summary.Counts.Succeeded);
        Assert.Equal(10L, summary.Cost.UnpricedLines);
        Assert.Equal(new Dictionary<string, long> { ["claude-imaginary-9"] = 5, ["my-fine-tune-7b"] = 5 }, summary.Cost.UnpricedModels);
        Assert.Equal(new Dictionary<string, int> { ["realtime"] = 5, ["realtime@anthropic"] = 5 }, tiers.BillableByTier());
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.Equal(10, ledger.Count);
        Assert.All(ledger, e => Assert.True(e.Unpriced));
        Assert.All(ledger, e => Assert.Equal(0m, e.EffectiveCost));
        Assert.All(ledger, e => Assert.Null(e.PricedAs));
        Assert.All(ledger, e => Assert.Equal(e.Model.StartsWith("claude", StringComparison.Ordinal) ? "anthropic" : "openai", e.Provider));

        var flags = Assert.Single(await DuckDbQuery.QueryAsync($"""
            SELECT count(*) FILTER (WHERE x_Unpriced) AS unpriced, count(x_PricedAs) AS priced_as, CAST(sum(EffectiveCost) AS VARCHAR) AS cost
            FROM read_parquet([{string.Join(", ", (await tiers.Engine.DownloadSpendReportsAsync(jobId)).Select(DuckDbQuery.Literal))}]);
            """));
        Assert.Equal("10", flags.GetProperty("unpriced").ToString());
        Assert.Equal("0", flags.GetProperty("priced_as").ToString());
        Assert.Equal(0m, decimal.Parse(flags.GetProperty("cost").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task UnknownModel_RunUnpricedWithABudgetAndNoChoice_CountsEachLineAtAnEstimate_NoneFitsATinyBudget()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = TierHarness.Input(6, i => i % 2 == 0 ? "my-fine-tune-7b" : "claude-imaginary-9");

        var (jobId, summary) = await tiers.RunAsync(input, """{"completion_window":"60s","unknown_model":"run_unpriced","budget_usd":0.0000001}""");

        Assert.Equal(JobSummaryStatus.BudgetExceeded, summary.Status);
        Assert.Equal(0L, summary.Counts.Succeeded);
        Assert.Empty(tiers.BillableByTier());
        var errors = await tiers.Engine.ReadErrorsAsync(jobId);
        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.Equal("budget_exceeded", e.Error!.Code));
        Assert.Equal(0L, summary.Cost.UnpricedLines);
    }

    [Fact]
    public async Task UnknownModel_RunUnpricedWithABudget_AccountKeepsEachUnpricedLineAtTheDearestComparablePrice()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = TierHarness.Input(10, i => i % 2 == 0 ? "my-fine-tune-7b" : "claude-imaginary-9");

        var (jobId, summary) = await tiers.RunAsync(input, """{"completion_window":"60s","unknown_model":"run_unpriced","budget_usd":1}""");

        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal(10L, summary.Cost.UnpricedLines);
        Assert.Equal(0m, summary.Cost.EffectiveUsd);
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.All(ledger, e => Assert.True(e.Unpriced));

        // The dearest real-time rates per token of each provider in TierCatalogs: OpenAI input 0.40 (gpt-4.1-mini),
        // cached 0.10, output 2.00 (gpt-5-mini); Anthropic only claude-haiku-4-5 at 1.00 / 0.10 / 5.00.
        var counted = ledger.Sum(e => e.Provider == "anthropic"
            ? Cost(e, input: 1.00m, cached: 0.10m, output: 5.00m)
            : Cost(e, input: 0.40m, cached: 0.10m, output: 2.00m));
        Assert.True(counted > 0m);
        var account = await tiers.Engine.Blobs.TryDownloadContentAsync(StorageLayout.WorkContainer, StorageLayout.BudgetAccount($"job-{jobId}"));
        using var json = JsonDocument.Parse(account!.Content.ToMemory());
        var committed = json.RootElement.GetProperty("reserved").GetDecimal() - json.RootElement.GetProperty("released").GetDecimal();
        Assert.Equal(counted, committed); // the estimates before sending went back; the lines' usage at the estimate price stayed
    }

    private static decimal Cost(LedgerEntry e, decimal input, decimal cached, decimal output) =>
        (((e.InputTokens - e.CachedInputTokens) * input) + (e.CachedInputTokens * cached) + (e.OutputTokens * output)) / 1_000_000m;

    private static string BaseOf(string model) =>
        model.Contains("-20", StringComparison.Ordinal) ? model[..model.IndexOf("-20", StringComparison.Ordinal)] : model;
}
