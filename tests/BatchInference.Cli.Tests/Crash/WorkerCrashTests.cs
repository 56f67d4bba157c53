using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BatchInference.Emulator;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Local;
using BatchInference.Testing;
using Xunit.Abstractions;

namespace BatchInference.Cli.Tests.Crash;

/// <summary>
/// The engine's promise under real crashes: worker processes are killed with SIGKILL at random moments of a 20,000-line
/// job and restarted; the job completes with the same output as a run without crashes, and the provider bills no more
/// re-sent lines than the kills times a process's in-flight window (Engine:InFlightLimit per running shard × the
/// activities it runs at once). The run itself is in WorkerCrashTests.Durable.cs; this part holds the parts and checks.
/// </summary>
public sealed partial class WorkerCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Lines = 20_000;
    private const int Kills = 10;
    private const int InFlightLimit = 32;   // per running shard
    private const int ShardsAtOnce = 4;     // Durable:MaxConcurrentActivities: a process's window is 4 × 32 lines
    private const int CheckpointLines = 16; // also the journal's group: calls are recorded as sent 16 at a time

    private AzuriteInstance _azurite = null!;
    private EmulatorServer _emulator = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteLauncher.StartAsync(new AzuriteLaunchOptions { NodeModulesPath = RepoPaths.NodeModules });
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Latency = TimeSpan.FromMilliseconds(2),
            LatencyJitter = TimeSpan.FromMilliseconds(8),
            Seed = 3,
        });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>
    /// Kills <paramref name="worker"/> (SIGKILL) once the job has passed kill <paramref name="k"/>'s point: the points are
    /// spread over the job, each at a random spot in its stretch.
    /// </summary>
    private async Task KillMidJobAsync(WorkerProcess worker, string jobId, long billedBefore, int k, Random random)
    {
        var target = ((k - 1) * Lines / (Kills + 1)) + random.Next(Lines / (Kills + 1));
        await Poll.UntilAsync(
            () => _emulator.RequestLog.BillableCount - billedBefore >= target || worker.HasExited,
            $"job {jobId} to pass {target} billed lines before kill {k}", TimeSpan.FromMinutes(3));
        Assert.False(worker.HasExited, "The worker exited on its own:\n" + await worker.KillAsync());
        await worker.KillAsync();
        output.WriteLine($"kill {k}: at {_emulator.RequestLog.BillableCount - billedBefore:N0} billed lines (target {target:N0})");
    }

    /// <summary>
    /// The promise: the crashed job completed with the reference's output, the provider billed at most the kills' in-flight
    /// windows again, and the ledger accounts for every billed call.
    /// </summary>
    private async Task AssertCompletedLikeTheReferenceWithBoundedResendsAsync(AzureBlobStore blobs, string reference, string crashed, JobSummary summary, int kills)
    {
        Assert.True(summary.Status == JobSummaryStatus.Completed, $"The job ended {summary.Status}: {summary.FailureReason}");
        Assert.Equal(Lines, summary.Counts.Succeeded);
        var expected = await ReadNormalizedOutputAsync(blobs, reference);
        var actual = await ReadNormalizedOutputAsync(blobs, crashed);
        Assert.Equal(Lines, expected.Count);
        Assert.Equal(expected, actual);
        Assert.Equal(Lines, actual.Select(l => l.CustomId).Distinct(StringComparer.Ordinal).Count());

        var billed = BilledFor(crashed);
        var resent = billed - Lines;
        var bound = kills * InFlightLimit * ShardsAtOnce;
        output.WriteLine($"{kills} kills; billed {billed:N0} for {Lines:N0} lines: {resent:N0} re-sent (bound {bound:N0})");
        Assert.True(resent <= bound, $"{resent} lines were paid twice; at most {kills} kills × {InFlightLimit} × {ShardsAtOnce} shards may be.");

        // The ledger holds one paid attempt per published answer, plus one "unknown" entry per call a kill lost the
        // answer to (journaled before it went out). Per line: answered ≤ billed ≤ answered + unknown, so every call the
        // provider billed is in the ledger; an unknown entry the provider did not bill was journaled but not yet sent
        // when its worker died, at most one journal group (Engine:CheckpointLines) per running shard and kill.
        var ledger = await ReadLedgerAsync(blobs, crashed);
        var answered = ledger.Where(e => !e.IsUnknownOutcome).ToList();
        var unknown = ledger.Where(e => e.IsUnknownOutcome).ToList();
        Assert.Equal(Lines, answered.Count);
        Assert.All(unknown, e => Assert.Equal((0m, true), (e.EffectiveCost, e.EstimatedMaxCost > 0)));
        var billedById = BilledByCustomId(crashed);
        var unknownById = unknown.GroupBy(e => e.CustomId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var notBilled = 0;
        foreach (var (customId, answers) in answered.GroupBy(e => e.CustomId).Select(g => (g.Key, g.Count())))
        {
            var calls = billedById.GetValueOrDefault(customId);
            var lost = unknownById.GetValueOrDefault(customId);
            Assert.True(answers <= calls && calls <= answers + lost, $"{customId}: {calls} billed calls, {answers} answered and {lost} unknown in the ledger");
            notBilled += answers + lost - calls;
        }

        output.WriteLine($"ledger: {answered.Count:N0} answered + {unknown.Count:N0} unknown outcome; provider billed {billed:N0}; {notBilled} unknown never billed");
        Assert.Equal(billed, answered.Count + unknown.Count - notBilled);
        Assert.InRange(notBilled, 0, kills * CheckpointLines * ShardsAtOnce);
        Assert.Equal(unknown.Count, summary.Cost.UnknownOutcomeCalls);
    }

    // Storage, provider and engine settings the workers run with.
    private Dictionary<string, string> EngineEnvironment() => new()
    {
        ["Storage__ConnectionString"] = _azurite.ConnectionString,
        ["Providers__OpenAI__BaseUrl"] = new Uri(_emulator.BaseAddress, "v1").ToString(),
        ["Providers__OpenAI__ApiKey"] = "test",
        ["Providers__OpenAI__MaxConcurrency"] = "16",
        ["Engine__ShardMaxLines"] = "2500",
        ["Engine__InFlightLimit"] = InFlightLimit.ToString(CultureInfo.InvariantCulture),
        ["Engine__CheckpointLines"] = CheckpointLines.ToString(CultureInfo.InvariantCulture),
        ["Engine__CheckpointInterval"] = "00:00:01",
        ["Engine__LeaseDuration"] = "00:00:15",
        ["Engine__LeaseBusyRetry"] = "00:00:01",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private long BilledFor(string jobId) =>
        _emulator.RequestLog.Snapshot().Count(r => r.Billable && r.ClientRequestId?.StartsWith(jobId + ":", StringComparison.Ordinal) == true);

    private static byte[] Input()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $$$"""{"custom_id":"req-{{{i:D5}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4.1-nano","max_tokens":16,"messages":[{"role":"user","content":"Classify ticket {{{i}}}"}]}}""")
                .Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // The job id a drop gets (JobDropped's): it follows the blob's path and ETag.
    private static async Task<string> DropAsync(AzureBlobStore blobs, string name, byte[] input)
    {
        // Real time: the crash bound is about the in-flight window of real-time shards (a batch shard has none).
        var upload = await blobs.UploadAsync(
            StorageLayout.JobsContainer, name, new BinaryData(input),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["tier_policy"] = "realtime" } });
        Assert.True(upload.Succeeded);
        var properties = await blobs.GetPropertiesAsync(StorageLayout.JobsContainer, name);
        return JobId.ForBlob(StorageLayout.JobsContainer, name, properties!.ETag.ToString().Trim('"'));
    }

    private static async Task<JobSummary> WaitForSummaryAsync(JobEngine engine, string jobId, TimeSpan timeout)
    {
        JobSummary? summary = null;
        await Poll.UntilAsync(async () => (summary = await engine.GetSummaryAsync(jobId)) is not null, $"job {jobId} to finish", timeout, TimeSpan.FromMilliseconds(250));
        return summary!;
    }

    // custom_id, status and body of each output line in order. The line id (derived from the job id), the provider's
    // request id and the completion's id and timestamp are minted per call, as OpenAI mints them, so they differ by nature.
    private static async Task<List<(string CustomId, int Status, string Body)>> ReadNormalizedOutputAsync(AzureBlobStore blobs, string jobId)
    {
        var content = await blobs.TryDownloadContentAsync(StorageLayout.ResultsContainer, StorageLayout.Output(jobId));
        Assert.NotNull(content);
        var lines = new List<(string, int, string)>();
        foreach (var line in content.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var node = JsonNode.Parse(line)!;
            var body = node["response"]!["body"]!.AsObject();
            body.Remove("id");
            body.Remove("created");
            lines.Add((node["custom_id"]!.GetValue<string>(), node["response"]!["status_code"]!.GetValue<int>(), body.ToJsonString()));
        }

        return lines;
    }

    // Billed calls per custom_id; real-time calls carry X-Client-Request-Id "{job}:{custom_id}:{attempt}".
    private Dictionary<string, int> BilledByCustomId(string jobId) =>
        _emulator.RequestLog.Snapshot()
            .Where(r => r.Billable && r.ClientRequestId?.StartsWith(jobId + ":", StringComparison.Ordinal) == true)
            .GroupBy(r => r.ClientRequestId![(jobId.Length + 1)..r.ClientRequestId!.LastIndexOf(':')], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static async Task<List<LedgerEntry>> ReadLedgerAsync(AzureBlobStore blobs, string jobId)
    {
        var ledger = await blobs.TryDownloadContentAsync(StorageLayout.LedgerContainer, StorageLayout.LedgerPart(jobId, 0));
        Assert.NotNull(ledger);
        return [.. ledger.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => LedgerJson.FromLine(Encoding.UTF8.GetBytes(l)))];
    }
}
