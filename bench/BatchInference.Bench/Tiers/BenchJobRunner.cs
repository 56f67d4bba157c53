using System.Diagnostics;
using System.Text;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Ledger.Pricing;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;

namespace BatchInference.Bench.Tiers;

/// <summary>
/// The job engine as <c>bi worker</c> composes it, on a task hub of its own: one <see cref="JobEngine"/> over the given
/// providers and catalog, its orchestrations and activities (<see cref="EngineDurableTasks"/>) run by one in-process
/// <see cref="DurableWorkerHost"/>. The task hub lives in the benchmark's own Azurite and goes with it. Uploads a job and its settings sidecar, submits it, and waits
/// for its summary, printing a progress line every 10 s.
/// </summary>
internal sealed class BenchJobRunner : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    private readonly BenchStorage _storage;
    private readonly TaskHubDurableTaskClient _client;
    private readonly DurableWorkerHost _worker;

    private BenchJobRunner(BenchStorage storage, TaskHubDurableTaskClient client, DurableWorkerHost worker, JobEngine engine)
    {
        _storage = storage;
        _client = client;
        _worker = worker;
        Engine = engine;
    }

    public JobEngine Engine { get; }

    /// <summary>Engine settings for fast turns: short polls and leases, work files kept so shard states can be read afterwards.</summary>
    public static EngineOptions FastEngineOptions(string spool) => new()
    {
        WorkerId = "bench-tiers",
        SpoolDirectory = spool,
        KeepWorkFiles = true,
        LeaseDuration = TimeSpan.FromSeconds(15),
        LeaseBusyRetry = TimeSpan.FromSeconds(1),
        CheckpointInterval = TimeSpan.FromMilliseconds(500),
        BatchPollInterval = TimeSpan.FromMilliseconds(400),
        BatchPollMaxInterval = TimeSpan.FromSeconds(1),
    };

    public static async Task<BenchJobRunner> StartAsync(
        BenchStorage storage, ProviderSet providers, PriceCatalog catalog, EngineOptions options, CancellationToken cancellationToken = default)
    {
        var account = StorageAccount.FromConnectionString(storage.ConnectionString);
        var hub = new DurableTaskHubOptions
        {
            TaskHubName = "benchtiers" + Guid.NewGuid().ToString("N")[..10],
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        };
        var client = new TaskHubDurableTaskClient(account, hub);
        var engine = new JobEngine(storage.Blobs, client, providers, catalog, TimeProvider.System, options);
        var worker = new DurableWorkerHost(account, hub, EngineDurableTasks.Orchestrators(engine), EngineDurableTasks.Activities(engine));
        var runner = new BenchJobRunner(storage, client, worker, engine);
        try
        {
            await engine.EnsureContainersAsync(cancellationToken);
            await worker.StartAsync(cancellationToken);
            return runner;
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Uploads <paramref name="input"/> with <paramref name="settingsJson"/> as its sidecar, runs it, and returns its
    /// summary; <paramref name="progress"/> gives the text of the progress line (e.g. what the emulator answered so far).
    /// </summary>
    public async Task<BenchJobResult> RunAsync(
        string name, byte[] input, string settingsJson, TimeSpan timeout, Func<string> progress, CancellationToken cancellationToken = default)
    {
        var blobName = $"{StorageLayout.IncomingPrefix}{name}-{Guid.NewGuid():N}.jsonl";
        await UploadAsync(StorageLayout.Sidecar(blobName), Encoding.UTF8.GetBytes(settingsJson), cancellationToken);
        await UploadAsync(blobName, input, cancellationToken);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        var jobId = await Engine.SubmitAsync(StorageLayout.JobsContainer, blobName, limit.Token);
        var lastProgress = started;
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(limit.Token))
            {
                var state = await Engine.GetJobAsync(jobId, limit.Token);
                if (state?.Status.IsTerminal() == true && await Engine.GetSummaryAsync(jobId, limit.Token) is { } summary)
                {
                    return new BenchJobResult(jobId, summary, Stopwatch.GetElapsedTime(started));
                }

                if (Stopwatch.GetElapsedTime(lastProgress) >= ProgressInterval)
                {
                    lastProgress = Stopwatch.GetTimestamp();
                    Console.Error.WriteLine($"  [{Stopwatch.GetElapsedTime(started).TotalSeconds,4:F0} s] job {state?.Status}: {progress()}");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Job {jobId} did not finish within {timeout.TotalSeconds:F0} s.");
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>Every ledger line of the job, from all its parts.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var entries = new List<LedgerEntry>();
        await foreach (var item in _storage.Blobs.ListAsync(StorageLayout.LedgerContainer, jobId + "/", cancellationToken: cancellationToken))
        {
            var download = await _storage.Blobs.DownloadAsync(StorageLayout.LedgerContainer, item.Name, cancellationToken: cancellationToken);
            await using (download)
            {
                await foreach (var entry in LedgerJson.ReadAllAsync(download.Content, cancellationToken))
                {
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _client.DisposeAsync();
    }

    private async Task UploadAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        var result = await _storage.Blobs.UploadAsync(
            StorageLayout.JobsContainer, blobName, new BinaryData(content), new BlobUploadOptions { ContentType = "application/jsonl" }, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Uploading {blobName} failed: {result.Outcome} {result.ErrorCode}.");
        }
    }
}
