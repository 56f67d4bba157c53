using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Providers;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// The child of <c>job-memory</c>: one fresh process per job size, so each peak is its own. Streams a generated job
/// into <c>jobs/incoming/…</c>, submits it to a <see cref="JobEngine"/> (default <see cref="EngineOptions"/>) on Durable
/// Task with an in-process task hub worker (<see cref="DurableJobHost"/>), waits until the job's summary
/// exists, and prints a <see cref="JobMemoryResult"/> line on stdout; progress goes to stderr every 10 s.
/// </summary>
internal sealed class JobMemoryRun : IBenchmark
{
    public const string CommandName = "job-memory-run";

    /// <summary>Most requests the real-time client has open at once.</summary>
    public const int ProviderConcurrency = 64;

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    public string Name => CommandName;

    public string Description =>
        "(child of job-memory) --lines N --storage <connection string> --provider <OpenAI base URL> [--spool <dir>] [--checkpoint-lines N] [--slice-lines N] [--durable-activities N]";

    public async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken = default)
    {
        var lines = arguments.GetInt32("lines", 100_000);
        var storage = Required(arguments, "storage");
        var provider = new Uri(Required(arguments, "provider"));
        var spool = arguments.GetString("spool", string.Empty);

        await using var sampler = new MemorySampler("startup");
        using var loggers = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        var options = CreateEngineOptions(arguments, spool.Length == 0 ? null : spool);
        var client = new RealtimeClient(
            new ProviderEndpointOptions { BaseUrl = provider, ApiKey = "local-emulator", MaxConcurrency = ProviderConcurrency },
            TimeProvider.System, loggers.CreateLogger<RealtimeClient>());
        var parts = new JobMemoryParts(
            storage, new CheckpointCountingBlobStore(AzureBlobStore.FromConnectionString(storage)),
            new ProviderSet([new ProviderEndpoint(options.Provider, client)]), PriceCatalog.BuiltIn(), options, loggers);
        await using IJobMemoryHost host = await DurableJobHost.StartAsync(parts, MaxActivities(arguments), cancellationToken);
        await host.Engine.EnsureContainersAsync(cancellationToken);
        return await RunJobAsync(lines, sampler, parts.Blobs, host, cancellationToken);
    }

    /// <summary>
    /// The engine's defaults, except for a spool folder, <c>--checkpoint-lines</c>, <c>--slice-lines</c> and
    /// <c>--slice-seconds</c> (to see what the checkpoint size and, on Durable Task, the slice size do to throughput).
    /// </summary>
    public static EngineOptions CreateEngineOptions(BenchArguments arguments, string? spool)
    {
        var options = new EngineOptions { SpoolDirectory = spool };
        options.CheckpointLines = arguments.GetInt32("checkpoint-lines", options.CheckpointLines);
        options.SliceMaxLines = arguments.GetInt32("slice-lines", options.SliceMaxLines);
        options.SliceMaxDuration = TimeSpan.FromSeconds(arguments.GetInt32("slice-seconds", (int)options.SliceMaxDuration.TotalSeconds));
        options.Validate();
        return options;
    }

    private static async Task<int> RunJobAsync(
        int lines, MemorySampler sampler, CheckpointCountingBlobStore blobs, IJobMemoryHost host, CancellationToken cancellationToken)
    {
        var blobName = string.Create(CultureInfo.InvariantCulture, $"{StorageLayout.IncomingPrefix}job-memory-{lines}-{Guid.NewGuid():N}.jsonl");
        var input = new ChatJobInputStream(lines);
        var watch = new JobCompletionWatch(host.Engine, sampler);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(lines, sampler, input, blobs, host, stopHeartbeat.Token);
        using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workerRun = Task.CompletedTask;
        try
        {
            sampler.Enter("upload");
            // Real time, as this benchmark measured before the planner existed: its figures stay comparable.
            var uploaded = await blobs.UploadAsync(
                StorageLayout.JobsContainer, blobName, input,
                new BlobUploadOptions { ContentType = "application/jsonl", Metadata = new Dictionary<string, string> { ["tier_policy"] = "realtime" } },
                cancellationToken);
            if (!uploaded.Succeeded)
            {
                throw new InvalidOperationException($"Uploading the job input failed: {uploaded.Outcome} {uploaded.ErrorCode}.");
            }

            // Give the run a clean start: what the upload left on the heap is not the engine's.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            workerRun = host.RunAsync(stopWorker.Token);
            var (summary, state, wall) = await watch.RunAsync(
                ct => host.Engine.SubmitAsync(StorageLayout.JobsContainer, blobName, ct), workerRun, cancellationToken);
            var phases = sampler.Finish();

            using var self = Process.GetCurrentProcess();
            var result = await host.CompleteAsync(
                new JobMemoryResult(
                    lines, input.BytesProduced, phases, self.PeakWorkingSet64, GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(2),
                    wall.TotalSeconds, state.ShardCount ?? 0, blobs.Parts, 0, 0,
                    summary.Status.ToString(), summary.Counts.Succeeded, summary.Counts.Failed, summary.Counts.Invalid, host.Kind),
                cancellationToken);
            Console.WriteLine(JobMemoryResult.LinePrefix + JsonSerializer.Serialize(result, JobMemoryJsonContext.Default.JobMemoryResult));
            return 0;
        }
        finally
        {
            await stopWorker.CancelAsync();
            await workerRun.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await stopHeartbeat.CancelAsync();
            await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary><c>--durable-activities</c>: activities the Durable worker runs at once; null when not given (the default).</summary>
    public static int? MaxActivities(BenchArguments arguments) =>
        arguments.GetInt32("durable-activities", 0, min: 0) is > 0 and var n ? n : null;

    private static string Required(BenchArguments arguments, string name)
    {
        var value = arguments.GetString(name, string.Empty);
        return value.Length > 0 ? value : throw new ArgumentException($"--{name} is required.");
    }

    private static async Task HeartbeatAsync(
        int lines, MemorySampler sampler, ChatJobInputStream input, CheckpointCountingBlobStore blobs, IJobMemoryHost host,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var checkpointed = 0L;
        using var self = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var phase = sampler.Phase;
            var previous = checkpointed;
            checkpointed = blobs.Lines;
            var detail = phase switch
            {
                "startup" => "starting",
                "upload" => $"{input.BytesProduced / 1048576.0:F0} MB uploaded",
                _ => $"{checkpointed:N0}/{lines:N0} lines checkpointed ({(checkpointed - previous) / HeartbeatInterval.TotalSeconds:N0}/s) " +
                    $"in {blobs.Parts:N0} parts; {host.Progress}",
            };
            self.Refresh();
            Console.Error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  [{lines:N0} lines, {Stopwatch.GetElapsedTime(started).TotalSeconds,5:F0} s] {phase}: {detail}; " +
                $"RSS {sampler.WorkingSet / 1048576.0:F0} MB, peak {self.PeakWorkingSet64 / 1048576.0:F0} MB"));
        }
    }
}
