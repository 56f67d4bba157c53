using System.Runtime.CompilerServices;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Emulator;
using BatchInference.Jobs.Summary;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.History;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Providers;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using BatchInference.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>
/// The job engine composed as the CLI composes it, on real parts: Azurite for blobs and the task hub, the provider
/// emulator over HTTP, the built-in price catalog, and in-process Durable workers. Each harness has its own emulator
/// (so its request log is the test's alone), its own task hub, and its own temp folder for spool files.
/// </summary>
internal sealed partial class EngineHarness : IAsyncDisposable
{
    private readonly string _tempDirectory;
    private readonly Action<EngineOptions>? _configureEngine;
    private readonly TimeProvider _time;
    private int _workerCount;

    /// <summary>Builds the providers every engine of this harness uses; null for the emulator's single OpenAI provider.</summary>
    private static readonly AsyncLocal<Func<EngineHarness, ProviderSet>?> PendingProviders = new();

    private static readonly AsyncLocal<PriceCatalog?> PendingCatalog = new();

    private readonly Func<EngineHarness, ProviderSet>? _providers;
    private readonly PriceCatalog _catalog = PriceCatalog.BuiltIn();

    private EngineHarness(
        EmulatorServer emulator, AzureBlobStore blobs, RealtimeClient client, ProviderEndpointOptions provider, string tempDirectory,
        Action<EngineOptions>? engine, TimeProvider time, (StorageAccount Account, DurableTaskHubOptions Options, TaskHubDurableTaskClient Client) hub)
    {
        Emulator = emulator;
        Blobs = blobs;
        Client = client;
        Provider = provider;
        _tempDirectory = tempDirectory;
        _configureEngine = engine;
        _time = time;
        _providers = PendingProviders.Value;
        _catalog = PendingCatalog.Value ?? _catalog;
        (_account, HubOptions, Hub) = hub;
        Engine = CreateEngine("submitter", Hub);
    }

    public EmulatorServer Emulator { get; }

    public AzureBlobStore Blobs { get; }

    public RealtimeClient Client { get; }

    public ProviderEndpointOptions Provider { get; }

    /// <summary>The engine used to submit and inspect jobs (workers get their own, as separate processes would).</summary>
    public JobEngine Engine { get; }

    /// <summary>Where the engine spools; <c>bi-spool</c> under it must be empty once a job is done.</summary>
    public string SpoolDirectory => Path.Combine(_tempDirectory, "spool");

    public static Task<EngineHarness> StartAsync(
        AzuriteFixture azurite,
        Action<EmulatorOptions>? emulator = null,
        Action<ProviderEndpointOptions>? provider = null,
        Action<EngineOptions>? engine = null,
        TimeProvider? time = null,
        int workers = 1) =>
        StartAsync(azurite.ConnectionString, emulator, provider, engine, time, workers);

    /// <summary>
    /// A harness whose engines use <paramref name="providers"/> (built once per engine from the harness, e.g. the
    /// emulator as OpenAI, Anthropic and a spot endpoint) and <paramref name="catalog"/> for planning and pricing.
    /// </summary>
    public static async Task<EngineHarness> StartWithProvidersAsync(
        AzuriteFixture azurite,
        Func<EngineHarness, ProviderSet> providers,
        PriceCatalog catalog,
        Action<EmulatorOptions>? emulator = null,
        Action<EngineOptions>? engine = null,
        TimeProvider? time = null,
        int workers = 1)
    {
        PendingProviders.Value = providers;
        PendingCatalog.Value = catalog;
        try
        {
            return await StartAsync(azurite.ConnectionString, emulator, provider: null, engine, time, workers);
        }
        finally
        {
            PendingProviders.Value = null;
            PendingCatalog.Value = null;
        }
    }

    /// <summary>A harness on any Azurite (e.g. one a test stops and restarts), given its connection string.</summary>
    public static async Task<EngineHarness> StartAsync(
        string connectionString,
        Action<EmulatorOptions>? emulator = null,
        Action<ProviderEndpointOptions>? provider = null,
        Action<EngineOptions>? engine = null,
        TimeProvider? time = null,
        int workers = 1)
    {
        var emulatorOptions = new EmulatorOptions { Seed = 7 };
        emulator?.Invoke(emulatorOptions);
        var server = await EmulatorServer.StartAsync(emulatorOptions, TimeProvider.System, NullLoggerFactory.Instance);
        try
        {
            var endpoint = new ProviderEndpointOptions
            {
                BaseUrl = new Uri(server.BaseAddress, "v1"),
                ApiKey = "test",
                MaxConcurrency = 8,
                BaseRetryDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            };
            provider?.Invoke(endpoint);
            var client = new RealtimeClient(endpoint, TimeProvider.System);
            var temp = Directory.CreateTempSubdirectory("bi-orchestrations-tests-").FullName;
            var harness = new EngineHarness(
                server, AzureBlobStore.FromConnectionString(connectionString), client, endpoint, temp, engine, time ?? TimeProvider.System,
                CreateHub(connectionString));
            await harness.Engine.EnsureContainersAsync();
            await harness.ForgetHistoryAsync();
            for (var i = 0; i < workers; i++)
            {
                await harness.StartWorkerAsync();
            }

            return harness;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Uploads a job under a name no other test uses and returns that name.</summary>
    public async Task<string> UploadJobAsync(
        byte[] content, IReadOnlyDictionary<string, string>? metadata = null, [CallerMemberName] string testName = "")
    {
        var name = $"{StorageLayout.IncomingPrefix}{testName}-{Guid.NewGuid():N}.jsonl";
        await UploadAsync(name, content, metadata);
        return name;
    }

    /// <summary>Uploads (or replaces) <paramref name="blobName"/> in the jobs container; returns its new ETag.</summary>
    public async Task<string> UploadAsync(string blobName, byte[] content, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var result = await Blobs.UploadAsync(
            StorageLayout.JobsContainer, blobName, new BinaryData(content),
            new BlobUploadOptions { ContentType = "application/jsonl", Metadata = metadata });
        Assert.True(result.Succeeded, $"Uploading {blobName} failed: {result.Outcome} {result.ErrorCode}");
        return result.ETag!.Value.ToString();
    }

    public Task UploadSidecarAsync(string jobBlobName, string json) =>
        UploadAsync(StorageLayout.Sidecar(jobBlobName), System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>Submits the blob as a job and waits for its summary (the workers do the work).</summary>
    public async Task<JobSummary> RunAsync(string blobName, TimeSpan? timeout = null)
    {
        var jobId = await Engine.SubmitAsync(StorageLayout.JobsContainer, blobName);
        return await WaitForSummaryAsync(jobId, timeout);
    }

    /// <param name="jobId">The job.</param>
    /// <param name="timeout">A bound against hangs, not a speed limit: 180 s by default, three times what is given.</param>
    public async Task<JobSummary> WaitForSummaryAsync(string jobId, TimeSpan? timeout = null)
    {
        JobSummary? summary = null;
        timeout ??= TimeSpan.FromSeconds(60);
        try
        {
            await Poll.UntilAsync(
                async () => (summary = await Engine.GetSummaryAsync(jobId)) is not null
                    && (await Engine.GetJobAsync(jobId))?.Status.IsTerminal() == true,
                $"job {jobId} to finish", 3 * timeout.Value, TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException e)
        {
            var instance = await Hub.GetInstanceAsync(BatchInference.Orchestrations.Durable.EngineOrchestrations.JobInstanceId(jobId), getInputsAndOutputs: true);
            throw new TimeoutException(
                $"{e.Message} Orchestration {instance?.RuntimeStatus} {instance?.SerializedCustomStatus} {instance?.FailureDetails}", e);
        }

        return summary!;
    }

    public async Task<BlobProperties> GetJobPropertiesAsync(string blobName) =>
        await Blobs.GetPropertiesAsync(StorageLayout.JobsContainer, blobName)
        ?? throw new InvalidOperationException($"{blobName} does not exist.");

    /// <summary>The id the engine must give the job: from its path and current ETag.</summary>
    public async Task<string> ExpectedJobIdAsync(string blobName) =>
        JobId.ForBlob(StorageLayout.JobsContainer, blobName, (await GetJobPropertiesAsync(blobName)).ETag.ToString());

    /// <summary>Every emulator request whose client request id belongs to <paramref name="customId"/> of <paramref name="jobId"/>.</summary>
    public IReadOnlyList<EmulatorRequestRecord> RequestsFor(string jobId, string customId) =>
        [.. Emulator.RequestLog.Snapshot().Where(r => r.ClientRequestId?.StartsWith($"{jobId}:{customId}:", StringComparison.Ordinal) == true)];

    public async Task StopWorkersAsync()
    {
        await StopDurableWorkersAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkersAsync();
        await Hub.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_tempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not change any result.
        }
    }

    /// <summary>An engine on Durable Task (<paramref name="orchestrations"/>) with this harness's parts and settings.</summary>
    public JobEngine CreateEngine(string workerId, Microsoft.DurableTask.Client.DurableTaskClient orchestrations)
    {
        var options = EngineOptionsFor(workerId);
        return new JobEngine(Blobs, orchestrations, ProvidersFor(options), _catalog, _time, options);
    }

    /// <summary>An engine context as a worker's engine has it, for hosting the engine's Durable activities.</summary>
    internal EngineContext CreateContext(string workerId)
    {
        var options = EngineOptionsFor(workerId);
        return new EngineContext(Blobs, ProvidersFor(options), _catalog, _time, options, NullLogger.Instance);
    }

    private ProviderSet ProvidersFor(EngineOptions options) =>
        _providers is null ? new ProviderSet([new ProviderEndpoint(options.Provider, Client, BaseUrl: new Uri(Emulator.BaseAddress, "v1"))]) : _providers(this);

    // Emulator ports come round again in a test run, and tests share one Azurite: what earlier harnesses recorded under
    // this harness's endpoints is forgotten, so every plan here learns only from this harness's own jobs.
    private async Task ForgetHistoryAsync()
    {
        foreach (var (name, url) in CreateContext("history").ProviderUrls)
        {
            await Blobs.DeleteUnderAsync(StorageLayout.WorkContainer, $"{CompletionKey.Prefix}{CompletionKey.ScopeOf(name, url)}/");
        }
    }

    private EngineOptions EngineOptionsFor(string workerId)
    {
        var options = new EngineOptions
        {
            WorkerId = workerId,
            SpoolDirectory = SpoolDirectory,
            LeaseDuration = TimeSpan.FromSeconds(15),
            LeaseBusyRetry = TimeSpan.FromSeconds(1),
            CheckpointInterval = TimeSpan.FromMilliseconds(500),

            // Jobs here are submitted directly, not dropped by a person who might still be uploading a sidecar; the
            // drop-protocol tests turn the wait back on.
            SidecarGracePeriod = TimeSpan.Zero,
        };
        _configureEngine?.Invoke(options);
        options.Validate();
        return options;
    }

    private string NewTempFile(string name) => Path.Combine(_tempDirectory, $"{Guid.NewGuid():N}-{name}");
}
