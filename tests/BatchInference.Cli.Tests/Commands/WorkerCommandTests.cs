using System.Globalization;
using System.Text.RegularExpressions;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary>
/// <c>bi worker</c> as a deployment runs it: separate processes configured by environment variables alone (no
/// <c>--local</c>), sharing one storage account and Durable task hub with <c>bi submit</c> and <c>bi status</c>.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed partial class WorkerCommandTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Worker_TwoProcessesOnOneTaskHub_RunSubmittedJobToCompletion()
    {
        const int lines = 100;
        await using var parts = await ConfiguredParts.StartAsync(azurite, settings: new Dictionary<string, string> { ["Engine__ShardMaxLines"] = "25" });
        var input = parts.WriteInput("two-workers.jsonl", lines);
        await using var first = parts.StartBi("worker", "--worker-id", "cli-w1", "--concurrency", "4");
        await using var second = parts.StartBi("worker", "--worker-id", "cli-w2", "--concurrency", "4");
        await first.WaitForOutputAsync("Ctrl+C stops", StartTimeout);
        await second.WaitForOutputAsync("Ctrl+C stops", StartTimeout);

        var submit = await parts.RunBiAsync(Timeout, "submit", input, "--tag", "team=cli-workers");
        Assert.True(submit.ExitCode == 0, submit.Describe());
        var jobId = submit.StandardOutput.Trim();
        Assert.Matches("^job_[0-9a-f]{24}$", jobId);

        var status = await parts.RunBiAsync(Timeout, "status", jobId, "--watch");
        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Matches(@"Status │ completed │", status.FlatOutput);
        Assert.Contains("4/4 finished", status.FlatOutput, StringComparison.Ordinal);
        Assert.Matches($@"total │ │ │ {lines}/{lines} │ {lines} │ 0 │ 0 │", status.FlatOutput);

        var output = await parts.ReadJsonLinesAsync("results", $"{jobId}/output.jsonl");
        Assert.Equal(lines, output.Count);
        Assert.Equal(
            Enumerable.Range(0, lines).Select(ConfiguredParts.Id),
            output.Select(o => o.GetProperty("custom_id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(lines, parts.Emulator.RequestLog.BillableCount);

        BiProcessResult[] stopped = [await first.StopAsync(StopTimeout), await second.StopAsync(StopTimeout)];
        Assert.All(stopped, s =>
        {
            Assert.True(s.ExitCode == 0, s.Describe());
            Assert.Contains($"on task hub {parts.Environment["Durable__TaskHubName"]}", s.FlatOutput, StringComparison.Ordinal);
            Assert.Contains("Stopped.", s.FlatOutput, StringComparison.Ordinal);
        });

        // The job's prepare, a slice of each of the four shards and its finish at least, each run by one of the two
        // workers; and both the job's and the shards' orchestration episodes.
        var completed = stopped.Sum(s => int.Parse(CompletedCount().Match(s.FlatOutput).Groups["n"].Value, CultureInfo.InvariantCulture));
        var episodes = stopped.Sum(s => int.Parse(CompletedCount().Match(s.FlatOutput).Groups["episodes"].Value, CultureInfo.InvariantCulture));
        Assert.True(completed >= 6, string.Join("\n", stopped.Select(s => s.Describe())));
        Assert.True(episodes >= 5, string.Join("\n", stopped.Select(s => s.Describe())));
    }

    [GeneratedRegex(@"Stopped\. \S+ worker \S+: activities completed (?<n>\d+) · failed 0 · running 0 · orchestration episodes (?<episodes>\d+) \(failed 0\)")]
    private static partial Regex CompletedCount();
}
