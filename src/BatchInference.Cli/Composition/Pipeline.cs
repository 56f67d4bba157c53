using Azure.Core;
using Azure.Identity;
using BatchInference.Cli.Local;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Connection;
using BatchInference.Storage.Queues;
using BatchInference.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// The pipeline's parts built from configuration — the CLI's composition root: blob store, work queue and its poison
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
            var connection = Connection(local?.StorageConnectionString ?? configuration["Storage:ConnectionString"] ?? "UseDevelopmentStorage=true");
            var credential = connection.HasAccountKey || connection.HasSharedAccessSignature ? null : new DefaultAzureCredential();
            var blobs = CreateBlobStore(connection, credential, loggers);
            var queue = CreateQueue(connection, credential, queueName, loggers);
            var poison = CreateQueue(connection, credential, queueName + "-poison", loggers);
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

    private static StorageConnectionString Connection(string connectionString)
    {
        try
        {
            return StorageConnectionString.Parse(connectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // The message of the parser never repeats the key.
            throw new UsageException("Storage:ConnectionString is invalid: " + ex.Message, ex);
        }
    }

    // An account key or SAS signs requests itself; an endpoint alone means Entra ID (managed identity on Azure).
    private static AzureBlobStore CreateBlobStore(StorageConnectionString connection, TokenCredential? credential, ILoggerFactory loggers) =>
        credential is null
            ? new AzureBlobStore(connection, logger: loggers.CreateLogger<AzureBlobStore>())
            : new AzureBlobStore(connection.BlobEndpoint, credential, logger: loggers.CreateLogger<AzureBlobStore>());

    private static StorageQueueClient CreateQueue(StorageConnectionString connection, TokenCredential? credential, string name, ILoggerFactory loggers)
    {
        try
        {
            return credential is null
                ? new StorageQueueClient(connection, name, logger: loggers.CreateLogger<StorageQueueClient>())
                : new StorageQueueClient(
                    connection.QueueEndpoint ?? throw new UsageException("Storage:ConnectionString names no queue endpoint (QueueEndpoint=…)."),
                    name, credential, logger: loggers.CreateLogger<StorageQueueClient>());
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"Queue '{name}': {ex.Message}", ex);
        }
    }
}
