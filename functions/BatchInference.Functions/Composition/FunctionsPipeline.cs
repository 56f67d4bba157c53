using Azure.Messaging.ServiceBus;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Composition;

/// <summary>
/// The pipeline's parts built from the function app's settings — this host's composition root over the shared
/// <see cref="BatchInferenceServiceCollectionExtensions.AddBatchInference"/> (the Azure clients): the blob store, the
/// engine's work queue (a Storage Queue or a Service Bus queue, as <c>Engine:Queue</c> says), the real-time client, the
/// price catalog and the job engine. Reads the same settings as the CLI (<c>Engine</c>, <c>Providers:OpenAI</c>,
/// <c>Pricing:CatalogPath</c>).
/// </summary>
internal sealed class FunctionsPipeline
{
    /// <summary>The Storage work queue when <c>Engine:QueueName</c> is not set; EngineWork's function.json names it too.</summary>
    public const string DefaultQueueName = "bi-work";

    /// <summary>The setting that picks the work queue's kind: <c>storage</c> (default) or <c>servicebus</c>.</summary>
    public const string QueueKindSetting = "Engine:Queue";

    private FunctionsPipeline(
        IBlobStore blobs, StorageClients storage, EngineQueueKind queueKind, IWorkQueue workQueue, string workQueueName,
        StorageQueueClient? storageQueue, JobEngine engine, TimeProvider timeProvider)
    {
        Blobs = blobs;
        Storage = storage;
        QueueKind = queueKind;
        WorkQueue = workQueue;
        WorkQueueName = workQueueName;
        StorageQueue = storageQueue;
        Engine = engine;
        TimeProvider = timeProvider;
    }

    public IBlobStore Blobs { get; }

    /// <summary>The storage account's SDK clients and adapters.</summary>
    public StorageClients Storage { get; }

    /// <summary>The account's blob endpoint, to tell a blob URL's container from its account segment.</summary>
    public Uri BlobEndpoint => Storage.Account.BlobEndpoint;

    /// <summary>Which queue kind carries the engine's work.</summary>
    public EngineQueueKind QueueKind { get; }

    /// <summary>The engine's work queue: where the engine sends and where a step's delayed copy goes.</summary>
    public IWorkQueue WorkQueue { get; }

    /// <summary>The work queue's name.</summary>
    public string WorkQueueName { get; }

    /// <summary>The Storage work queue, or null when the engine works on Service Bus.</summary>
    public StorageQueueClient? StorageQueue { get; }

    public JobEngine Engine { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Builds the parts; nothing is called over the network yet (see <see cref="Hosting.StorageReadiness"/>).</summary>
    /// <param name="configuration">The app settings.</param>
    /// <param name="loggers">Log sink.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="serviceBusClient">With <c>Engine:Queue=servicebus</c>, the namespace's client; built from the
    /// settings when null.</param>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    public static FunctionsPipeline Create(
        IConfiguration configuration, ILoggerFactory loggers, TimeProvider timeProvider, ServiceBusClient? serviceBusClient = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var engineOptions = Bind(configuration, EngineOptions.SectionName, new EngineOptions());
        var kind = QueueKindOf(configuration);
        var storage = new ServiceCollection()
            .AddSingleton(loggers)
            .AddBatchInference(configuration)
            .BuildServiceProvider()
            .GetRequiredService<StorageClients>();
        try
        {
            var blobs = storage.CreateBlobStore();
            StorageQueueClient? storageQueue = null;
            IWorkQueue workQueue;
            string workQueueName;
            if (kind == EngineQueueKind.ServiceBus)
            {
                var serviceBus = ServiceBusSettings.CreateWorkQueue(configuration, serviceBusClient, timeProvider, loggers);
                workQueue = serviceBus;
                workQueueName = serviceBus.QueueName;
            }
            else
            {
                workQueueName = configuration[$"{EngineOptions.SectionName}:QueueName"] is { Length: > 0 } configured ? configured : DefaultQueueName;
                storageQueue = storage.CreateQueue(workQueueName);
                workQueue = storageQueue;
            }

            var providers = ProviderSets.Create(ProviderSets.ReadOptions(configuration), timeProvider, loggers);
            var engine = new JobEngine(blobs, workQueue, providers, Catalog(configuration), timeProvider, engineOptions, loggers.CreateLogger<JobEngine>());
            return new FunctionsPipeline(blobs, storage, kind, workQueue, workQueueName, storageQueue, engine, timeProvider);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("The function app's settings are invalid: " + ex.Message, ex);
        }
    }

    /// <summary>Creates the pipeline's containers and the Storage work queue if missing, with the given clients.</summary>
    /// <param name="blobs">The blob store to create the containers with (a fail-fast one at start-up).</param>
    /// <param name="queue">The Storage work queue to create, or null (Service Bus queues are deployed, not created here).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when they exist.</returns>
    public static async Task InitializeAsync(IBlobStore blobs, StorageQueueClient? queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        foreach (var container in Orchestrations.Layout.StorageLayout.Containers)
        {
            await blobs.CreateContainerIfNotExistsAsync(container, cancellationToken).ConfigureAwait(false);
        }

        if (queue is not null)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <exception cref="InvalidOperationException">The setting is neither <c>storage</c> nor <c>servicebus</c>.</exception>
    private static EngineQueueKind QueueKindOf(IConfiguration configuration) =>
        configuration[QueueKindSetting]?.Trim().ToUpperInvariant() switch
        {
            null or "" or "STORAGE" => EngineQueueKind.Storage,
            "SERVICEBUS" => EngineQueueKind.ServiceBus,
            _ => throw new InvalidOperationException(
                $"Engine__Queue must be 'storage' or 'servicebus' (is '{configuration[QueueKindSetting]}')."),
        };

    private static T Bind<T>(IConfiguration configuration, string section, T options)
    {
        try
        {
            configuration.GetSection(section).Bind(options);
            return options;
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"The {section} settings cannot be read: {ex.Message}", ex);
        }
    }

    private static PriceCatalog Catalog(IConfiguration configuration) => PriceCatalog.FromSetting(configuration["Pricing:CatalogPath"]);
}
