using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Composition;

/// <summary>
/// Hands the functions the <see cref="JobEngine"/> they delegate to, built once from the app settings as the CLI builds
/// it (<c>Engine</c>, <c>Providers</c>, <c>Pricing:CatalogPath</c>, the <c>Storage</c> account).
/// </summary>
/// <remarks>
/// The isolated Durable extension gives a <see cref="DurableTaskClient"/> only through the <c>[DurableClient]</c> input
/// binding of an invocation (no client in the container: Azure/azure-functions-durable-extension#2698), so every
/// function that submits, cancels or reads takes one and asks <see cref="For"/> for its engine. Until
/// <see cref="JobEngine"/> starts jobs through a Durable client, it starts them through its work queue and the client
/// is only checked; that is the one line to change when it does.
/// </remarks>
internal sealed class JobEngines
{
    private readonly JobEngine _engine;

    public JobEngines(IConfiguration configuration, StorageClients storage, ILoggerFactory loggers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        var options = new EngineOptions();
        configuration.GetSection(EngineOptions.SectionName).Bind(options);
        Blobs = storage.CreateBlobStore();
        BlobEndpoint = storage.Account.BlobEndpoint;
        var queueName = configuration[$"{EngineOptions.SectionName}:QueueName"] is { Length: > 0 } name ? name : DefaultQueueName;
        var providers = ProviderSets.Create(ProviderSets.ReadOptions(configuration), timeProvider, loggers);
        _engine = new JobEngine(
            Blobs, storage.CreateQueue(queueName), providers, PriceCatalog.FromSetting(configuration["Pricing:CatalogPath"]), timeProvider, options,
            loggers.CreateLogger<JobEngine>());
    }

    /// <summary>The engine's work queue when <c>Engine:QueueName</c> is not set.</summary>
    public const string DefaultQueueName = "bi-work";

    /// <summary>The pipeline's storage account (the <c>Storage</c> connection).</summary>
    public IBlobStore Blobs { get; }

    /// <summary>The account's blob endpoint: a job message's <c>input.url</c> must name a blob under it.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The engine for one invocation.</summary>
    /// <param name="client">The invocation's <c>[DurableClient]</c>.</param>
    /// <returns>The engine.</returns>
    public JobEngine For(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return _engine;
    }

    /// <summary>The engine for work outside any invocation (the Service Bus processor), where no binding gives a
    /// Durable client; once the engine needs one, it comes from a client over the same task hub (see functions/README.md).</summary>
    /// <returns>The engine.</returns>
    public JobEngine ForBackgroundWork() => _engine;
}
