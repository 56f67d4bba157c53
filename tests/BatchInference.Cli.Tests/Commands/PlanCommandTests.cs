using System.Text;
using System.Text.Json;
using BatchInference.Cli.Commands;
using BatchInference.Jobs.Settings;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary><c>bi plan</c> as a user runs it: the built CLI in its own process, on a file on disk, nothing else running.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Ten lines per shard, so a small file makes several shards.
    private static readonly Dictionary<string, string> SmallShards = new() { ["Engine__ShardMaxLines"] = "10" };

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-plan-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Plan_LooseDeadline_PrintsBatchShardsAtHalfTheRealtimeCostAndExits0()
    {
        var input = WriteInput("loose.jsonl", 25, invalid: 1);

        var plan = await BiProcess.RunAsync(_work, Timeout, SmallShards, "plan", input, "--deadline", "24h", "--providers", "openai");

        Assert.True(plan.ExitCode == 0, plan.Describe());
        var output = plan.FlatOutput;
        Assert.Contains("│ 0 │ batch │ openai │ 10 │", output, StringComparison.Ordinal);
        Assert.Contains("│ 1 │ batch │ openai │ 10 │", output, StringComparison.Ordinal);
        Assert.Contains("│ 2 │ batch │ openai │ 5 │", output, StringComparison.Ordinal);
        Assert.Contains("│ 3 │ realtime │ none │ 0 │", output, StringComparison.Ordinal); // the invalid line's shard goes nowhere
        Assert.Contains("loose.jsonl: 25 request line(s), 1 invalid, 4 shard(s)", output, StringComparison.Ordinal);
        Assert.Contains("│ gpt-4.1-mini │ /v1/chat/completions │ 25 │ 3 │ openai/batch 3 │", output, StringComparison.Ordinal);
        Assert.Contains("│ (invalid lines) │ - │ 0 │ 1 │ none/realtime 1 │", output, StringComparison.Ordinal);
        Assert.Matches(@"Savings \d+\.\d{6} \(50\.0 %\)", output);
        Assert.Contains("before the deadline", output, StringComparison.Ordinal);
        Assert.Contains("The plan meets the deadline.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_DeadlineNothingCanMeet_ExplainsAndExits2()
    {
        // gpt-4.1-mini runs 500 requests a minute in real time: a 10-line shard needs 1.2 s, the deadline is in 1 s.
        var input = WriteInput("tight.jsonl", 30);

        var plan = await BiProcess.RunAsync(_work, Timeout, SmallShards, "plan", input, "--deadline", "1s", "--providers", "openai");

        Assert.True(plan.ExitCode == 2, plan.Describe());
        Assert.Contains("│ 0 │ realtime │ openai │ 10 │", plan.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("Note: Shard 0 cannot meet the deadline: the earliest option, realtime on openai, finishes at", plan.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("after the deadline", plan.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("The deadline cannot be met: see the notes.", plan.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_EmulatorCatalog_PlansOnItsCompressedClock()
    {
        var input = WriteInput("emulator.jsonl", 20);
        var catalog = Path.Combine(RepoPaths.Root, "samples", "catalog.emulator.json");

        // Batch p95 is 15 s there and the margin 2 s: a one-minute deadline is loose. tier_policy batch keeps spot out.
        var plan = await BiProcess.RunAsync(_work, Timeout, SmallShards, "plan", input, "--deadline", "1m", "--tier-policy", "batch", "--catalog", catalog);

        Assert.True(plan.ExitCode == 0, plan.Describe());
        Assert.Contains("│ 0 │ batch │ openai │ 10 │", plan.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("│ 1 │ batch │ openai │ 10 │", plan.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("Catalog emulator-2026-11-22 (USD)", plan.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_JsonFormat_WritesTheEnginesPlanDocument()
    {
        var input = WriteInput("json.jsonl", 12);

        var plan = await BiProcess.RunAsync(_work, Timeout, SmallShards, "plan", input, "--deadline", "2h", "--format", "json", "--providers", "openai");

        Assert.True(plan.ExitCode == 0, plan.Describe());
        using var document = JsonDocument.Parse(plan.StandardOutput);
        var root = document.RootElement;
        Assert.True(root.GetProperty("feasible").GetBoolean());
        var shards = root.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(2, shards.Count);
        Assert.All(shards, s => Assert.Equal("realtime", s.GetProperty("tier").GetString()));
        Assert.Equal(
            root.GetProperty("estimated_cost_usd").GetDecimal(),
            shards.Sum(s => s.GetProperty("estimated_cost_usd").GetDecimal()));
        Assert.Contains("batch on openai: p95 finish", shards[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_InvalidFlags_Exit2NamingEachFlag()
    {
        var input = WriteInput("flags.jsonl", 1);

        var plan = await BiProcess.RunAsync(_work, Timeout, "plan", input, "--deadline", "soon", "--tier-policy", "cheapest");

        Assert.True(plan.ExitCode == 2, plan.Describe());
        Assert.Contains("--deadline: \"soon\" is not valid", plan.FlatError, StringComparison.Ordinal);
        Assert.Contains("--tier-policy: \"cheapest\" is not valid; expected one of auto, realtime, batch, flex, spot.", plan.FlatError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", plan.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_Flags_BecomeJobSettings()
    {
        var window = PlanCommand.Settings("6h", "batch", "openai,anthropic", "eu", 12.5m);
        var absolute = PlanCommand.Settings("2026-11-23T06:00:00+01:00", null, null, null, null);

        Assert.Equal(TimeSpan.FromHours(6), window.CompletionWindow);
        Assert.Null(window.Deadline);
        Assert.Equal(TierPolicy.Batch, window.TierPolicy);
        Assert.Equal(["openai", "anthropic"], window.AllowedProviders);
        Assert.Equal(["eu"], window.AllowedRegions);
        Assert.Equal(12.5m, window.BudgetUsd);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero), absolute.Deadline);
        Assert.Equal(TierPolicy.Auto, absolute.TierPolicy);
        var ex = Assert.Throws<UsageException>(() => PlanCommand.Settings(null, null, null, null, 0m));
        Assert.StartsWith("--budget: ", ex.Message, StringComparison.Ordinal);
    }

    private string WriteInput(string name, int lines, int invalid = 0)
    {
        var path = Path.Combine(_work, name);
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("{\"custom_id\":\"r").Append(i).Append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",")
                .Append("\"body\":{\"model\":\"gpt-4.1-mini\",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\"Classify: great product\"}]}}\n");
        }

        for (var i = 0; i < invalid; i++)
        {
            text.Append("{\"custom_id\":\"bad").Append(i).Append("\"}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
