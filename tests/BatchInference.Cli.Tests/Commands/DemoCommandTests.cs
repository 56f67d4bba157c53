using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BatchInference.Cli.Demo;
using BatchInference.Jobs.Intake;

namespace BatchInference.Cli.Tests.Commands;

/// <summary><c>bi demo</c> end to end on its own local parts, with a small sample so it stays quick.</summary>
[Collection(LocalPartsCollection.Name)]
public sealed partial class DemoCommandTests : IDisposable
{
    private const int GoodLines = 120;

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-demo-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Demo_SmallSample_RunsOnDurableOrchestrationsPassesItsChecksAndReportsShardsAndCheckpoints()
    {
        var outDir = Path.Combine(_work, "out");
        var environment = new Dictionary<string, string> { ["Engine__ShardMaxLines"] = "50", ["Engine__CheckpointInterval"] = "00:00:00.300" };

        var demo = await BiProcess.RunAsync(
            _work, TimeSpan.FromSeconds(120), environment, "demo", "--lines", GoodLines.ToString(CultureInfo.InvariantCulture), "--out", outDir);

        // Exit 0 includes the demo's own check: billable requests at the emulator = ledger lines.
        Assert.True(demo.ExitCode == 0, demo.Describe());
        var total = GoodLines + SampleJobGenerator.BadLines.Count + 1; // + the sample's one duplicate custom_id
        var shards = await ExpectedShardsAsync(maxLines: 50);
        var reported = ShardsLine().Match(demo.FlatOutput);
        Assert.True(reported.Success, demo.Describe());
        Assert.Equal(shards, int.Parse(reported.Groups["shards"].Value, CultureInfo.InvariantCulture));
        Assert.InRange(int.Parse(reported.Groups["parts"].Value, CultureInfo.InvariantCulture), shards, total);
        Assert.Contains("batch", reported.Groups["tiers"].Value, StringComparison.Ordinal); // every model's own shards can batch

        // The demo says it ran on Durable orchestrations, with the job's instances as its task hub lists them: one job
        // orchestration and one shard orchestration per shard; at least a prepare, a finish and one activity per shard.
        var durable = DurableLine().Match(demo.FlatOutput);
        Assert.True(durable.Success, demo.Describe());
        Assert.StartsWith("birun", durable.Groups["hub"].Value, StringComparison.Ordinal);
        Assert.Equal(1, int.Parse(durable.Groups["jobs"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(shards, int.Parse(durable.Groups["shards"].Value, CultureInfo.InvariantCulture));
        Assert.InRange(int.Parse(durable.Groups["activities"].Value, CultureInfo.InvariantCulture), shards + 2, int.MaxValue);

        using var summary = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(outDir, "summary.json")));
        Assert.Equal("completed_with_errors", summary.RootElement.GetProperty("status").GetString());
        Assert.Equal(total, summary.RootElement.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(GoodLines, (await File.ReadAllLinesAsync(Path.Combine(outDir, "output.jsonl"))).Count(l => l.Length > 0));
    }

    // Shards hold one (url, model) each, invalid lines their own: the sample's groups, each cut into shards of maxLines.
    private static async Task<int> ExpectedShardsAsync(int maxLines)
    {
        using var sample = new MemoryStream();
        await SampleJobGenerator.WriteAsync(sample, GoodLines);
        sample.Position = 0;
        var groups = new Dictionary<(string? Url, string? Model), int>();
        await foreach (var line in JsonlRequestReader.ReadAsync(sample))
        {
            var key = line is RequestLine request ? (request.Url, request.Model) : ((string?)null, (string?)null);
            groups[key] = groups.GetValueOrDefault(key) + 1;
        }

        return groups.Values.Sum(n => (n + maxLines - 1) / maxLines);
    }

    [GeneratedRegex(@"Shards: (?<shards>\d+) \((?<tiers>[^;]+); the plan is in [^)]*\), checkpoints: (?<parts>\d+) parts")]
    private static partial Regex ShardsLine();

    [GeneratedRegex(@"Ran on Durable Task orchestrations \(task hub (?<hub>\w+)\): (?<jobs>\d+) job orchestrations?, (?<shards>\d+) shard orchestrations, (?<activities>\d+) activities, \d+ orchestration episodes")]
    private static partial Regex DurableLine();
}
