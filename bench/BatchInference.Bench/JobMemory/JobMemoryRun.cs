using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Providers;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// The child of <c>job-memory</c>: one fresh process per job size, so each peak is its own. Streams a generated job
/// into <c>jobs/incoming/…</c>, runs it with <see cref="JobRunner"/>, and prints a <see cref="JobMemoryResult"/> line on
/// stdout; progress goes to stderr every 10 s.
/// </summary>
internal sealed class JobMemoryRun : IBenchmark
{
    public const string CommandName = "job-memory-run";

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    public string Name => CommandName;

    public string Description => "(child of job-memory) --lines N --storage <connection string> --provider <OpenAI base URL> [--spool <dir>]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var lines = arguments.GetInt32("lines", 100_000);
        var storage = Required(arguments, "storage");
        var provider = new Uri(Required(arguments, "provider"));
        var spool = arguments.GetString("spool", string.Empty);

        await using var sampler = new MemorySampler("startup");
        var blobs = AzureBlobStore.FromConnectionString(storage);
        var client = new RealtimeClient(
            new ProviderEndpointOptions { BaseUrl = provider, ApiKey = "local-emulator", MaxConcurrency = 64 }, TimeProvider.System);
        var runner = new JobRunner(
            blobs, client, PriceCatalog.BuiltIn(), TimeProvider.System,
            new JobRunnerOptions { SpoolDirectory = spool.Length == 0 ? null : spool });
        await runner.EnsureContainersAsync(cancellationToken);

        var blobName = string.Create(CultureInfo.InvariantCulture, $"{StorageLayout.IncomingPrefix}job-memory-{lines}-{Guid.NewGuid():N}.jsonl");
        var input = new ChatJobInputStream(lines);
        var progress = new ExecutionProgress(lines, sampler);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lines, sampler, input, progress, stopHeartbeat.Token);
        try
        {
            sampler.Enter("upload");
            var uploaded = await blobs.UploadAsync(
                StorageLayout.JobsContainer, blobName, input, new BlobUploadOptions { ContentType = "application/jsonl" }, cancellationToken);
            if (!uploaded.Succeeded)
            {
                throw new InvalidOperationException($"Uploading the job input failed: {uploaded.Outcome} {uploaded.ErrorCode}.");
            }

            // Give the run phase a clean start: what the upload left on the heap is not the runner's.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            sampler.Enter("execute");
            var summary = await runner.RunAsync(StorageLayout.JobsContainer, blobName, progress, cancellationToken);
            var phases = sampler.Finish();

            using var self = Process.GetCurrentProcess();
            var result = new JobMemoryResult(
                lines, input.BytesProduced, phases, self.PeakWorkingSet64, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(2),
                summary.Status.ToString(), summary.Counts.Succeeded, summary.Counts.Failed, summary.Counts.Invalid);
            Console.WriteLine(JobMemoryResult.LinePrefix + JsonSerializer.Serialize(result, JobMemoryJsonContext.Default.JobMemoryResult));
            return 0;
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static string Required(BenchArguments arguments, string name)
    {
        var value = arguments.GetString(name, string.Empty);
        return value.Length > 0 ? value : throw new ArgumentException($"--{name} is required.");
    }

    private static async Task HeartbeatAsync(
        int lines, MemorySampler sampler, ChatJobInputStream input, ExecutionProgress progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var phase = sampler.Phase;
            var detail = phase switch
            {
                "upload" => $"{input.BytesProduced / 1048576.0:F0} MB uploaded",
                _ when progress.Latest is { } p => $"{p.Done:N0}/{lines:N0} lines done, {p.BytesRead / 1048576.0:F0} MB read",
                _ => "starting",
            };
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  [{lines:N0} lines, {Stopwatch.GetElapsedTime(started).TotalSeconds,5:F0} s] {phase}: {detail}, RSS {sampler.WorkingSet / 1048576.0:F0} MB"));
        }
    }
}
