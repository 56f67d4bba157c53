using BatchInference.Cli.Local;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using BatchInference.Storage.Queues;
using BatchInference.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// The pipeline's parts built from configuration — the CLI's composition root over the shared
/// <see cref="BatchInferenceServiceCollectionExtensions.AddBatchInference"/> (the Azure clients): blob store, work queue and its poison
/// queue (both created if missing), real-time client, price catalog and job engine, plus the local parts a
/// <c>--local</c> command started. Disposing deletes a private queue and stops the local parts.
/// </summary>
internal sealed class Pipeline : IAsyncDisposable
{
    /// <summary>The work queue when <c>Engine:QueueName</c> is not set.</summary>
    public const string DefaultQueueName = "bi-work";

    private readonly ILoggerFactory _loggers;
    private readonly bool _privateQueue;

    private Pipeline(
        LocalParts? local, IBlobStore blobs, StorageQueueClient queue, StorageQueueClient poisonQueue, JobEngine engine,
        EngineOptions engineOptions, WorkerOptions workerOptions, ILoggerFactory loggers, bool privateQueue)
    {
        Local = local;
        Blobs = blobs;
        Queue = queue;
        PoisonQueue = poisonQueue;
        Engine = engine;
        EngineOptions = engineOptions;
        WorkerOptions = workerOptions;
        _loggers = loggers;
        _privateQueue = privateQueue;
    }

    /// <summary>The local parts this command uses (started or reused), or null without <c>--local</c>.</summary>
    public LocalParts? Local { get; }

    public IBlobStore Blobs { get; }

    public StorageQueueClient Queue { get; }

    public StorageQueueClient PoisonQueue { get; }

    public JobEngine Engine { get; }

    public EngineOptions EngineOptions { get; }

    public WorkerOptions WorkerOptions { get; }

    /// <param name="configuration">Settings (environment variables, appsettings.json).</param>
    /// <param name="settings">What the command needs beyond configuration.</param>
    /// <param name="console">Where local parts say what they started.</param>
    /// <param name="loggers">Log sink.</param>
    /// <param name="cancellationToken">Stops starting.</param>
    /// <exception cref="UsageException">A setting is invalid, or a local part is missing.</exception>
    public static async Task<Pipeline> StartAsync(
        IConfiguration configuration, PipelineSettings settings, IAnsiConsole console, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        var engineOptions = ConfigurationSections.Bind(configuration, EngineOptions.SectionName, new EngineOptions());
        settings.ConfigureEngine?.Invoke(engineOptions);
        var workerOptions = ConfigurationSections.Bind(configuration, WorkerOptions.SectionName, new WorkerOptions());
        settings.ConfigureWorker?.Invoke(workerOptions);
        Validate(engineOptions.Validate);
        Validate(workerOptions.Validate);
        var queueName = settings.PrivateQueue
            ? "bi-run-" + Guid.NewGuid().ToString("N")[..16]
            : configuration[$"{EngineOptions.SectionName}:QueueName"] is { Length: > 0 } configured ? configured : DefaultQueueName;
        Catalog(configuration); // fail fast on a bad Pricing:CatalogPath, before anything starts

        var local = settings.Local ? await LocalParts.StartAsync(settings.LocalStorage, configuration, settings.LocalEmulator, console, cancellationToken) : null;
        try
        {
            var effective = local is null
                ? configuration
                : new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(LocalProfile.Settings(local, configuration)).Build();
            if (local is not null)
            {
                // The emulator profile's batch polls (seconds, for its compressed clock) unless the user set their own.
                ConfigurationSections.Bind(effective, EngineOptions.SectionName, engineOptions);
                settings.ConfigureEngine?.Invoke(engineOptions);
                Validate(engineOptions.Validate);
            }

            var catalog = Catalog(effective);
            var storage = Storage(effective, loggers);
            var blobs = storage.CreateBlobStore();
            var queue = CreateQueue(storage, queueName);
            var poison = CreateQueue(storage, queueName + "-poison");
            await queue.CreateIfNotExistsAsync(cancellationToken);
            await poison.CreateIfNotExistsAsync(cancellationToken);

            ProviderSet providers;
            try
            {
                providers = ProviderSets.Create(ProviderSets.ReadOptions(effective), TimeProvider.System, loggers);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException("Providers settings are invalid: " + ex.Message, ex);
            }

            JobEngine engine;
            try
            {
                engine = new JobEngine(blobs, queue, providers, catalog, TimeProvider.System, engineOptions, loggers.CreateLogger<JobEngine>());
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            await engine.EnsureContainersAsync(cancellationToken);
            return new Pipeline(local, blobs, queue, poison, engine, engineOptions, workerOptions, loggers, settings.PrivateQueue);
        }
        catch
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A worker over this pipeline's queue running the engine's handler (one per process is the norm).</summary>
    public WorkerHost CreateWorker() =>
        new(Queue, PoisonQueue, Engine.Handler, TimeProvider.System, WorkerOptions, _loggers.CreateLogger<WorkerHost>());

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_privateQueue)
            {
                // Not cancellable: the queue is this invocation's and must not outlive it, also after Ctrl+C.
                await Queue.DeleteIfExistsAsync(CancellationToken.None);
                await PoisonQueue.DeleteIfExistsAsync(CancellationToken.None);
            }
        }
        finally
        {
            if (Local is not null)
            {
                await Local.DisposeAsync();
            }
        }
    }

    private static void Validate(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    private static PriceCatalog Catalog(IConfiguration configuration)
    {
        try
        {
            return PriceCatalog.FromSetting(configuration["Pricing:CatalogPath"]);
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    /// <summary>The storage clients from the shared root; with no storage setting at all, the local Azurite's
    /// well-known shorthand (<c>UseDevelopmentStorage=true</c>), as documented.</summary>
    private static StorageClients Storage(IConfiguration configuration, ILoggerFactory loggers)
    {
        var settings = StorageSettings.IsConfigured(configuration)
            ? configuration
            : new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection([KeyValuePair.Create<string, string?>(StorageSettings.ConnectionStringKey, "UseDevelopmentStorage=true")])
                .Build();
        try
        {
            return new ServiceCollection()
                .AddSingleton(loggers)
                .AddBatchInference(settings)
                .BuildServiceProvider()
                .GetRequiredService<StorageClients>();
        }
        catch (InvalidOperationException ex)
        {
            // The message names the setting and never repeats a key.
            throw new UsageException(ex.Message, ex);
        }
    }

    private static StorageQueueClient CreateQueue(StorageClients storage, string name)
    {
        try
        {
            return storage.CreateQueue(name);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"Queue '{name}': {ex.Message}", ex);
        }
    }
}
