using System.Text;
using System.Text.Json;
using BatchInference.Jobs.Summary;
using BatchInference.Testing;

namespace BatchInference.Orchestrations.Tests.TierScenarios;

/// <summary>
/// <c>cache_hints: auto</c> end to end on Azurite and the emulator, whose caches model what OpenAI and Anthropic
/// document: the same job with hints off and on, each on a fresh emulator, OpenAI and Anthropic lines sharing a long
/// system prompt.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PromptCacheScenarioTests(AzuriteFixture azurite)
{
    private const int Lines = 120; // two shards of 60, each half OpenAI, half Anthropic, interleaved
    private static readonly string SystemPrompt = string.Concat(Enumerable.Range(0, 1300).Select(i => $"Rule {i:D4}: be exact. "));

    [Fact]
    public async Task CacheHintsAuto_SameJob_MoreCachedInputAndLowerLedgerCostThanOff()
    {
        var off = await RunAsync("""{"completion_window":"60s","tier_policy":"realtime"}""");
        var on = await RunAsync("""{"completion_window":"60s","tier_policy":"realtime","cache_hints":"auto"}""");

        Assert.Null(off.Summary.CacheHints);
        Assert.Equal((60L, 60L), (on.Summary.CacheHints!.PromptCacheKeyLines, on.Summary.CacheHints.CacheControlLines));
        Assert.Equal(((long)Lines, (long)Lines), (off.Summary.Counts.Succeeded, on.Summary.Counts.Succeeded));

        // Claude caches only what a request marks: nothing without hints, every line but the first per shard reads with them.
        Assert.Equal((0L, 0L), (off.AnthropicRead, off.AnthropicWrite));
        Assert.True(on.AnthropicWrite > 0, "the first Anthropic line of a shard writes the prefix");
        Assert.True(on.AnthropicRead > 50L * 4096, $"Anthropic cache reads with hints: {on.AnthropicRead}");
        Assert.True(on.Cached > off.Cached, $"cached input tokens: on {on.Cached}, off {off.Cached}");
        Assert.True(on.Cost < off.Cost, $"ledger cost: on {on.Cost}, off {off.Cost}");

        // Lines were sent grouped by provider and prefix; the output is still in input order.
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"req-{i}"), on.OutputIds);
    }

    [Fact]
    public async Task CacheHintsAuto_AnthropicMessageBatch_BreakpointsReachTheBatchAndItsResultsReadTheCache()
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var input = Encoding.UTF8.GetString(Input()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("/v1/messages", StringComparison.Ordinal));

        var (jobId, summary) = await tiers.RunAsync(
            Encoding.UTF8.GetBytes(string.Join('\n', input) + "\n"), """{"completion_window":"60s","tier_policy":"batch","cache_hints":"auto"}""", TimeSpan.FromSeconds(120));

        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        Assert.Equal(new Dictionary<string, int> { ["batch@anthropic"] = Lines / 2 }, tiers.BillableByTier());
        Assert.Equal(Lines / 2, summary.CacheHints!.CacheControlLines);
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        Assert.True(ledger.Count(e => e.CachedInputTokens > 0) >= (Lines / 2) - 2, "every line after the first of each batch reads the cached system prompt");
        Assert.True(ledger.Sum(e => e.CacheWriteTokens) > 0);
    }

    private async Task<(JobSummary Summary, long Cached, long AnthropicRead, long AnthropicWrite, decimal Cost, IReadOnlyList<string> OutputIds)> RunAsync(string settings)
    {
        await using var tiers = await TierHarness.StartAsync(azurite);
        var (jobId, summary) = await tiers.RunAsync(Input(), settings, TimeSpan.FromSeconds(120));
        Assert.True(summary.Status == JobSummaryStatus.Completed, $"status {summary.Status}: {summary.FailureReason}");
        var ledger = await tiers.Engine.ReadLedgerAsync(jobId);
        var claude = ledger.Where(e => e.Provider == "anthropic").ToList();
        var output = await tiers.Engine.ReadOutputAsync(jobId);
        return (summary, ledger.Sum(e => e.CachedInputTokens), claude.Sum(e => e.CachedInputTokens), claude.Sum(e => e.CacheWriteTokens),
            ledger.Sum(e => e.EffectiveCost), [.. output.Select(o => o.CustomId!)]);
    }

    private static byte[] Input()
    {
        var text = new StringBuilder();
        var system = JsonSerializer.Serialize(SystemPrompt);
        for (var i = 0; i < Lines; i++)
        {
            var line = (i % 2 == 0
                    ? """{"custom_id":"req-#I","method":"POST","url":"/v1/chat/completions","body":{"model":"#M","max_tokens":24,"messages":[{"role":"system","content":#S},{"role":"user","content":"Summarise item #I"}]}}"""
                    : """{"custom_id":"req-#I","method":"POST","url":"/v1/messages","body":{"model":"#M","max_tokens":24,"system":#S,"messages":[{"role":"user","content":"Summarise item #I"}]}}""")
                .Replace("#I", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("#M", i % 2 == 0 ? TierCatalogs.Model : TierCatalogs.ClaudeModel, StringComparison.Ordinal)
                .Replace("#S", system, StringComparison.Ordinal);
            text.Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
