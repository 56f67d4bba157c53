using BatchInference.Durable.Client;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Composition;

/// <summary>
/// Hands the functions the <see cref="JobEngine"/> they delegate to, on Durable Task, built from the app settings as the
/// CLI builds it (<c>Engine</c>, <c>Notify</c>, <c>Providers</c>, <c>Pricing:CatalogPath</c>, the <c>Storage</c> account), and the
/// engine's orchestrators and activities by name for the trigger wrappers.
/// </summary>
/// <remarks>
/// The isolated Durable extension gives a <see cref="DurableTaskClient"/> only through the <c>[DurableClient]</c> input
/// binding of an invocation (no client in the container: Azure/azure-functions-durable-extension#2698), so every
/// function that submits, cancels or reads takes one and asks <see cref="For"/> for an engine over it. Work outside
/// any invocation (the Service Bus processor) uses the app's own client of the same task hub
/// (<see cref="TaskHubDurableTaskClient"/> over <c>AzureWebJobsStorage</c> and <c>TaskHubName</c>, see
/// <see cref="TaskHubSettings"/> and docs/durable.md for why both write the same format).
/// </remarks>
internal sealed class JobEngines : IAsyncDisposable
{
    private readonly ProviderSet _providers;
    private readonly PriceCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly EngineOptions _options;
    private readonly ILogger<JobEngine> _logger;
    private readonly TaskHubDurableTaskClient _ownClient;
    private readonly JobEngine _background;

    public JobEngines(IConfiguration configuration, StorageClients storage, ILoggerFactory loggers, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = new EngineOptions();
        configuration.GetSection(EngineOptions.SectionName).Bind(_options);
        _time = timeProvider;
        _logger = loggers.CreateLogger<JobEngine>();
        Blobs = storage.CreateBlobStore();
        BlobEndpoint = storage.Account.BlobEndpoint;
        var providerOptions = ProviderSets.ReadOptions(configuration);
        _providers = ProviderSets.Create(providerOptions, timeProvider, loggers);
        _options.Notify = NotifyOptions.Read(configuration, [BlobEndpoint, .. providerOptions.Select(p => p.BaseUrl)]);
        _catalog = PriceCatalog.FromSetting(configuration["Pricing:CatalogPath"]);
        _ownClient = new TaskHubDurableTaskClient(TaskHubSettings.Account(configuration), TaskHubSettings.Options(configuration), loggers);
        _background = For(_ownClient);
        Orchestrators = EngineDurableTasks.Orchestrators(_background);
        Activities = EngineDurableTasks.Activities(_background);
    }

    /// <summary>The pipeline's storage account (the <c>Storage</c> connection).</summary>
    public IBlobStore Blobs { get; }

    /// <summary>The account's blob endpoint: a job message's <c>input.url</c> must name a blob under it.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The engine's orchestrators by name: what the <c>[OrchestrationTrigger]</c> wrappers run.</summary>
    public IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> Orchestrators { get; }

    /// <summary>The engine's activities by name: what the <c>[ActivityTrigger]</c> wrappers run.</summary>
    public IReadOnlyDictionary<TaskName, Func<ITaskActivity>> Activities { get; }

    /// <summary>The engine over one invocation's Durable client: submits start, and cancels signal, job orchestrations.</summary>
    /// <param name="client">The invocation's <c>[DurableClient]</c>.</param>
    /// <returns>The engine (cheap: it shares this app's storage, providers and catalog).</returns>
    public JobEngine For(DurableTaskClient client) => new(Blobs, client, _providers, _catalog, _time, _options, _logger);

    /// <summary>The engine for work outside any invocation (the Service Bus processor), where no binding gives a
    /// Durable client: over the app's own client of the same task hub.</summary>
    /// <returns>The engine.</returns>
    public JobEngine ForBackgroundWork() => _background;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownClient.DisposeAsync();
}
