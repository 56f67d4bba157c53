using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Layout;
using BatchInference.Testing;

namespace BatchInference.Cli.Tests.Commands;

/// <summary><c>bi plan</c> with a storage account that holds completion-time history, written through the engine's store.</summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PlanHistoryTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _work = Directory.CreateTempSubdirectory("bi-cli-plan-history-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Plan_LearnedBatchTimes_PutShardsOnBatchUnderADeadlineTheCatalogRefuses_AndSaySo()
    {
        // The built-in catalog assumes gpt-4.1-mini batches take up to 8 h at p95: a 1-hour deadline is real time.
        // Twelve recorded 2-minute batches of this endpoint, model and size let the shards go to batch.
        var (before, after) = await PlanBeforeAndAfterAsync("history.jsonl", (endpoint, i) =>
            (CompletionKey.For("openai", endpoint, "gpt-4.1-mini", "batch", 10), new CompletionSample($"batch_{i}", Recorded, 120, 10)));

        Assert.True(before.ExitCode == 0, before.Describe());
        Assert.Contains("│ 0 │ realtime │ openai │ 10 │", before.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("p50 2h 00m, p95 8h 00m, catalog assumption (0 of 10 samples needed to learn)", before.FlatOutput, StringComparison.Ordinal);
        Assert.True(after.ExitCode == 0, after.Describe());
        Assert.Contains("│ 0 │ batch │ openai │ 10 │", after.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("│ 2 │ batch │ openai │ 10 │", after.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("(learned from 12 samples)", after.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("Batch completion on openai gpt-4.1-mini (1-100 lines): p50 2m 00s, p95 2m 00s, learned from 12 samples.", after.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("Completion times learned from this storage account's history", after.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_LearnedRealtimeThroughput_FarBelowTheRateLimits_TheDeadlineCannotBeMet_AndSaysSo()
    {
        // At the catalog's 500 requests/minute, 30 lines take seconds: a 1-hour deadline is easy. Twelve recorded jobs
        // of this endpoint that answered 30 real-time lines in 2 hours each say real time takes 2 hours here, which
        // also leaves no time to hedge a batch or flex shard: the plan cannot meet the deadline, and `bi plan` says why.
        var (before, after) = await PlanBeforeAndAfterAsync("throughput.jsonl", (endpoint, i) =>
            (CompletionKey.For("openai", endpoint, "gpt-4.1-mini", "realtime", 30), new CompletionSample($"job:{i}", Recorded, 7_200, 30)));

        Assert.True(before.ExitCode == 0, before.Describe());
        Assert.Contains("at its rate limits", before.FlatOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Throughput of", before.FlatOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, after.ExitCode);
        Assert.Contains("│ 2 │ realtime │ openai │ 10 │", after.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("at 0.00417 lines/s (learned from 12 samples)", after.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("Throughput of realtime on openai gpt-4.1-mini (1-100 lines): median 0.00417 lines/s, 5th percentile 0.00417 lines/s, learned from 12 samples.", after.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("cannot meet the deadline", after.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_NoStorageConfigured_SaysTheFiguresAreCatalogAssumptions()
    {
        var plan = await BiProcess.RunAsync(_work, Timeout, new Dictionary<string, string>(), "plan", WriteInput("none.jsonl", 3), "--providers", "openai");

        Assert.True(plan.ExitCode == 0, plan.Describe());
        Assert.Contains("Completion times catalog assumptions (no storage account is configured to learn from)", plan.FlatOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_StorageUnreachable_PlansOnTheCatalogAndSaysWhy()
    {
        var unreachable = new Dictionary<string, string> { ["Storage__ConnectionString"] = "BlobEndpoint=http://127.0.0.1:9/acct;SharedAccessSignature=sv=x" };

        var plan = await BiProcess.RunAsync(_work, Timeout, unreachable, "plan", WriteInput("unreachable.jsonl", 3), "--providers", "openai");

        Assert.True(plan.ExitCode == 0, plan.Describe());
        Assert.Contains("Completion times catalog assumptions (the history could not be read:", plan.FlatOutput, StringComparison.Ordinal);
        Assert.Contains("│ 0 │ batch │ openai │ 3 │", plan.FlatOutput, StringComparison.Ordinal);
    }

    private static DateTimeOffset Recorded => TimeProvider.System.GetUtcNow().AddHours(-1);

    // `bi plan` of 30 gpt-4.1-mini lines in shards of 10 under a 1-hour deadline, before and after twelve samples are
    // recorded for an endpoint of the test's own (history is kept per endpoint: other tests never see it).
    private async Task<(BiProcessResult Before, BiProcessResult After)> PlanBeforeAndAfterAsync(
        string name, Func<Uri, int, (CompletionKey Key, CompletionSample Sample)> sample)
    {
        var endpoint = new Uri($"http://openai-{Guid.NewGuid():N}.test/v1");
        var environment = new Dictionary<string, string>
        {
            ["Engine__ShardMaxLines"] = "10",
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Providers__OpenAI__BaseUrl"] = endpoint.ToString(),
        };
        var input = WriteInput(name, 30);
        var before = await BiProcess.RunAsync(_work, Timeout, environment, "plan", input, "--deadline", "1h", "--providers", "openai");
        var blobs = azurite.CreateBlobStore();
        await blobs.CreateContainerIfNotExistsAsync(StorageLayout.WorkContainer);
        var store = new CompletionHistoryStore(blobs, new HistoryOptions());
        for (var i = 0; i < 12; i++)
        {
            var (key, recorded) = sample(endpoint, i);
            await store.RecordAsync(key, recorded);
        }

        return (before, await BiProcess.RunAsync(_work, Timeout, environment, "plan", input, "--deadline", "1h", "--providers", "openai"));
    }

    private string WriteInput(string name, int lines)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllLines(path, Enumerable.Range(0, lines).Select(i =>
            $$$"""{"custom_id":"r{{{i}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-mini","max_tokens":40,"messages":[{"role":"user","content":"Label {{{i}}}"}]}}"""));
        return path;
    }
}
