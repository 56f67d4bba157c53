using System.Text;
using System.Text.Json;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// <c>bi run --result-cache exact</c> as a user runs it, twice, on one storage account (the shared Azurite, as
/// <c>Storage__ConnectionString</c>): each run starts an emulator of its own, and the second makes no call.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class ResultCacheRunTests(AzuriteFixture azurite) : IDisposable
{
    private const int Lines = 12;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-rcache-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Run_TwiceWithResultCacheExact_SecondRunAnswersEveryLineFromTheCacheAtNoCost()
    {
        var input = Path.Combine(_work, "requests.jsonl");
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Append($$$"""{"custom_id":"r-{{{i}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-mini","temperature":0,"max_tokens":16,"messages":[{"role":"user","content":"Item {{{i}}}"}]}}""").Append('\n');
        }

        await File.WriteAllTextAsync(input, text.ToString());
        var environment = new Dictionary<string, string> { ["Storage__ConnectionString"] = azurite.ConnectionString };
        var team = "team=cli-rcache-" + Guid.NewGuid().ToString("N")[..8];

        var first = await BiProcess.RunAsync(_work, Timeout, environment, "run", input, "--local", "--out", Path.Combine(_work, "one"), "--result-cache", "exact", "--tag", team);
        var second = await BiProcess.RunAsync(_work, Timeout, environment, "run", input, "--local", "--out", Path.Combine(_work, "two"), "--result-cache", "exact", "--tag", team);

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.True(second.ExitCode == 0, second.Describe());
        using var summary = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_work, "two", "summary.json")));
        var cost = summary.RootElement.GetProperty("cost");
        Assert.Equal(Lines, cost.GetProperty("result_cache_hits").GetInt32());
        Assert.Equal(0m, cost.GetProperty("effective_usd").GetDecimal());
        Assert.True(cost.GetProperty("savings_by_lever").GetProperty("result_cache_usd").GetDecimal() > 0);
        Assert.Contains("Savings by lever", second.FlatOutput, StringComparison.Ordinal);
        var output = (await File.ReadAllLinesAsync(Path.Combine(_work, "two", "output.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(Lines, output.Count);
        Assert.All(output, o => Assert.True(o.GetProperty("bi_cache").GetProperty("hit").GetBoolean()));
    }
}
