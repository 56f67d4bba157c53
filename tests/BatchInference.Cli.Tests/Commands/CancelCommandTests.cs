using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

[Collection(AzuriteFixture.CollectionName)]
public sealed class CancelCommandTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cancel_SlowRunningJob_EndsCancelledWithFinishedLinesKeptAndTheRestListed()
    {
        const int lines = 300;
        await using var parts = await ConfiguredParts.StartAsync(
            azurite,
            emulator => emulator.Latency = TimeSpan.FromMilliseconds(200),
            new Dictionary<string, string> { ["Providers__OpenAI__MaxConcurrency"] = "2", ["Engine__ShardMaxLines"] = "100" });
        var input = parts.WriteInput("slow.jsonl", lines);
        await using var worker = parts.StartBi("worker", "--worker-id", "cli-cancel");
        await worker.WaitForOutputAsync("Ctrl+C stops", TimeSpan.FromSeconds(30));
        // A window no provider batch fits (catalog p95 of hours): one model per shard, each could otherwise go to a batch
        // and report no progress until it ends.
        var submit = await parts.RunBiAsync(Timeout, "submit", input, "--completion-window", "30m");
        Assert.True(submit.ExitCode == 0, submit.Describe());
        var jobId = submit.StandardOutput.Trim();
        await Poll.UntilAsync(
            async () => (await parts.Engine.GetStatusAsync(jobId))?.Progress.Lines >= 10,
            "the first checkpointed lines", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        var cancel = await parts.RunBiAsync(Timeout, "cancel", jobId);

        Assert.True(cancel.ExitCode == 0, cancel.Describe());
        Assert.Contains($"Job {jobId}: cancel requested", cancel.FlatOutput, StringComparison.Ordinal);
        var status = await parts.RunBiAsync(Timeout, "status", jobId, "--watch");
        Assert.True(status.ExitCode == 3, status.Describe());
        Assert.Matches("Status │ cancelled │", status.FlatOutput);
        Assert.Matches("Cancel requested │ yes │", status.FlatOutput);

        var summary = await parts.ReadJsonAsync("results", $"{jobId}/summary.json");
        Assert.Equal("cancelled", summary.GetProperty("status").GetString());
        var output = await parts.ReadJsonLinesAsync("results", $"{jobId}/output.jsonl");
        var errors = await parts.ReadJsonLinesAsync("results", $"{jobId}/errors.jsonl");
        Assert.InRange(output.Count, 10, lines - 1);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("job_cancelled", e.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(
            Enumerable.Range(0, lines).Select(ConfiguredParts.Id),
            output.Concat(errors).Select(l => l.GetProperty("custom_id").GetString()!).Order(StringComparer.Ordinal));
        // Every request paid for at the provider has its answer in the output: nothing paid was dropped by the cancel.
        Assert.Equal(output.Count, parts.Emulator.RequestLog.BillableCount);

        var stopped = await worker.StopAsync(TimeSpan.FromSeconds(20));
        Assert.True(stopped.ExitCode == 0, stopped.Describe());
    }
}
