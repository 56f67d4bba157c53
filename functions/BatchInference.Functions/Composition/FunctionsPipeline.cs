using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Providers;
using BatchInference.Providers.Realtime;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Composition;

/// <summary>
/// The pipeline's parts built from the function app's settings — this host's composition root: the blob store, the
/// engine's work queue (the one <c>EngineWork</c> is triggered by), the real-time client, the price catalog and the
/// job engine. Read the same settings as the CLI (<c>Engine</c>, <c>Providers:OpenAI</c>, <c>Pricing:CatalogPath</c>).
/// </summary>
internal sealed class FunctionsPipeline
{
    /// <summary>The work queue when <c>Engine:QueueName</c> is not set; EngineWork's function.json names it too.</summary>
    public const string DefaultQueueName = "bi-work";

    private FunctionsPipeline(IBlobStore blobs, Uri blobEndpoint, StorageQueueClient queue, JobEngine engine, TimeProvider timeProvider)
    {
        Blobs = blobs;
        BlobEndpoint = blobEndpoint;
        Queue = queue;
        Engine = engine;
        TimeProvider = timeProvider;
    }

    public IBlobStore Blobs { get; }

    /// <summary>The account's blob endpoint, to tell a blob URL's container from its account segment.</summary>
    public Uri BlobEndpoint { get; }

    public StorageQueueClient Queue { get; }

    public JobEngine Engine { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Builds the parts; nothing is called over the network yet (see <see cref="InitializeAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    public static FunctionsPipeline Create(IConfiguration configuration, ILoggerFactory loggers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var engineOptions = Bind(configuration, EngineOptions.SectionName, new EngineOptions());
        var provider = Bind(configuration, "Providers:OpenAI", new ProviderEndpointOptions());
        provider.ApiKey ??= configuration["OPENAI_API_KEY"];
        var queueName = configuration[$"{EngineOptions.SectionName}:QueueName"] is { Length: > 0 } configured ? configured : DefaultQueueName;
        var storage = StorageSettings.From(configuration);
        try
        {
            var blobs = storage.CreateBlobStore(loggers);
            var queue = storage.CreateQueue(queueName, loggers);
            var client = new RealtimeClient(provider, timeProvider, loggers.CreateLogger<RealtimeClient>());
            var engine = new JobEngine(blobs, queue, client, Catalog(configuration), timeProvider, engineOptions, loggers.CreateLogger<JobEngine>());
            return new FunctionsPipeline(blobs, storage.BlobEndpoint, queue, engine, timeProvider);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException("The function app's settings are invalid: " + ex.Message, ex);
        }
    }

    /// <summary>Creates the pipeline's containers and the work queue if missing (the host creates the poison queue).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when they exist.</returns>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await Engine.EnsureContainersAsync(cancellationToken).ConfigureAwait(false);
        await Queue.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
    }

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
