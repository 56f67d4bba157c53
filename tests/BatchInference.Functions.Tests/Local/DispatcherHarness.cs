using System.Collections.Concurrent;
using System.Text;
using BatchInference.Emulator;
using BatchInference.Functions.Hosting;
using BatchInference.Functions.Local;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Queues;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Functions.Tests.Local;

/// <summary>
/// The custom handler in-process over the shared Azurite with its own work queue (and, when asked, the provider
/// emulator over HTTP), plus any number of dispatchers posting to it, each recording what it dispatched.
/// </summary>
internal sealed class DispatcherHarness : IAsyncDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly EmulatorServer? _emulator;
    private readonly string _spool;
    private readonly List<(CancellationTokenSource Stop, Task Run, HttpClient Http)> _dispatchers = [];

    private DispatcherHarness(AzuriteFixture azurite, FunctionsHost host, EmulatorServer? emulator, string spool)
    {
        _azurite = azurite;
        Host = host;
        _emulator = emulator;
        _spool = spool;
        Queue = StorageQueueClient.FromConnectionString(azurite.ConnectionString, host.Pipeline.WorkQueueName);
    }

    public FunctionsHost Host { get; }

    public StorageQueueClient Queue { get; }

    public StorageQueueClient PoisonQueue => StorageQueueClient.FromConnectionString(_azurite.ConnectionString, Queue.QueueName + "-poison");

    /// <summary>A folder under <c>jobs/incoming/</c> that only this harness's dispatchers poll.</summary>
    public string DropFolder { get; } = $"incoming/local-{Guid.NewGuid():N}/";

    public static async Task<DispatcherHarness> StartAsync(AzuriteFixture azurite, bool withProvider = false)
    {
        var emulator = withProvider ? await EmulatorServer.StartAsync(new EmulatorOptions { Seed = 7 }) : null;
        var spool = Directory.CreateTempSubdirectory("bi-dispatcher-tests-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage"] = azurite.ConnectionString,
            ["Engine:QueueName"] = "dispatch-" + Guid.NewGuid().ToString("N")[..16],
            ["Engine:SpoolDirectory"] = spool,
            ["Engine:SidecarGracePeriod"] = "00:00:00", // drops here never get a sidecar later; nothing to wait for
            ["Engine:CheckpointInterval"] = "00:00:00.500",
            ["Providers:OpenAI:BaseUrl"] = emulator is null ? "http://127.0.0.1:9/v1" : new Uri(emulator.BaseAddress, "v1").ToString(),
            ["Providers:OpenAI:ApiKey"] = "test",

            // The emulator's profile: its compressed clock lets a job the planner sends to a provider batch finish in seconds.
            ["Pricing:CatalogPath"] = Path.Combine(RepoPaths.Root, "samples", "catalog.emulator.json"),
            ["Engine:BatchPollInterval"] = "00:00:00.500",
            ["Engine:BatchPollMaxInterval"] = "00:00:01",
        }).Build();
        var host = await FunctionsHost.StartAsync(configuration, 0, NullLoggerFactory.Instance, TimeProvider.System, embedded: true);
        await host.WaitUntilReadyAsync().WaitAsync(Poll.HangGuard);
        return new DispatcherHarness(azurite, host, emulator, spool);
    }

    /// <summary>Starts a dispatcher on the handler; what it dispatches lands in the returned list.</summary>
    public ConcurrentQueue<DispatchRecord> StartDispatcher(
        Action<LocalDispatcherOptions> configure, TimeProvider? time = null, HttpMessageHandler? transport = null)
    {
        var options = new LocalDispatcherOptions
        {
            BlobDropPrefix = DropFolder,
            BlobPollInterval = TimeSpan.FromMilliseconds(200),
            QueuePollInterval = TimeSpan.FromMilliseconds(100),
        };
        configure(options);
        var records = new ConcurrentQueue<DispatchRecord>();
        var http = transport is null ? new HttpClient() : new HttpClient(transport, disposeHandler: false);
        var pipeline = Host.Pipeline;
        var dispatcher = new LocalTriggerDispatcher(
            Host.BaseAddress, http, pipeline.Blobs, pipeline.BlobEndpoint, pipeline.StorageQueue!,
            name => StorageQueueClient.FromConnectionString(_azurite.ConnectionString, name),
            options, time ?? TimeProvider.System, NullLoggerFactory.Instance, records.Enqueue);
        var stop = new CancellationTokenSource();
        _dispatchers.Add((stop, dispatcher.RunAsync(stop.Token), http));
        return records;
    }

    /// <summary>Uploads a job of <paramref name="lines"/> chat requests into <see cref="DropFolder"/>; returns its blob name.</summary>
    public async Task<string> DropJobAsync(int lines = 3, string? blobName = null)
    {
        var name = blobName ?? DropFolder + Guid.NewGuid().ToString("N") + ".jsonl";
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("{\"custom_id\":\"r").Append(i)
                .Append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":8}}\n");
        }

        var result = await Host.Pipeline.Blobs.UploadAsync(StorageLayout.JobsContainer, name, BinaryData.FromString(text.ToString()));
        Assert.True(result.Succeeded);
        return name;
    }

    /// <summary>The id the engine gives the blob's current version.</summary>
    public async Task<string> JobIdOfAsync(string blobName)
    {
        var properties = await Host.Pipeline.Blobs.GetPropertiesAsync(StorageLayout.JobsContainer, blobName);
        return Orchestrations.Jobs.JobId.ForBlob(StorageLayout.JobsContainer, blobName, properties!.ETag.ToString().Trim('"'));
    }

    public async Task StopDispatchersAsync()
    {
        foreach (var (stop, run, http) in _dispatchers)
        {
            await stop.CancelAsync();
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
            http.Dispose();
        }

        _dispatchers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopDispatchersAsync();
        await Host.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        await Queue.DeleteIfExistsAsync();
        await PoisonQueue.DeleteIfExistsAsync();
        try
        {
            Directory.Delete(_spool, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder changes no result.
        }
    }
}
