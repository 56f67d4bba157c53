using BatchInference.Cli.Local;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Storage;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace BatchInference.Cli.Composition;

/// <summary>
/// The pipeline's parts built from configuration — the CLI's composition root over the shared
/// <see cref="BatchInferenceServiceCollectionExtensions.AddBatchInference"/> (the Azure clients): blob store, the Durable
/// Task hub (section <c>Durable</c>) and its client, real-time client, price catalog and the job engine on Durable Task,
/// plus the local parts a <c>--local</c> command started. Disposing deletes a private task hub and stops the local parts.
/// </summary>
internal sealed class Pipeline : IAsyncDisposable
{
    /// <summary>How a private task hub's name starts (<c>bi run --local</c>, <c>bi demo</c>).</summary>
    public const string PrivateTaskHubPrefix = "birun";

    private readonly ILoggerFactory _loggers;
    private readonly StorageAccount _account;
    private readonly ProviderSet _providers;
    private readonly PriceCatalog _catalog;
    private readonly bool _privateTaskHub;

    private Pipeline(
        LocalParts? local, IBlobStore blobs, StorageAccount account, DurableTaskHubOptions durable, TaskHubDurableTaskClient taskHub,
        JobEngine engine, EngineOptions engineOptions, ProviderSet providers, PriceCatalog catalog, ILoggerFactory loggers, bool privateTaskHub)
    {
        Local = local;
        Blobs = blobs;
        _account = account;
        Durable = durable;
        TaskHub = taskHub;
        Engine = engine;
        EngineOptions = engineOptions;
        _providers = providers;
        _catalog = catalog;
        _loggers = loggers;
        _privateTaskHub = privateTaskHub;
    }

    /// <summary>The local parts this command uses (started or reused), or null without <c>--local</c>.</summary>
    public LocalParts? Local { get; }

    public IBlobStore Blobs { get; }

    /// <summary>The storage account (blob and queue endpoints, and how requests are signed).</summary>
    public StorageAccount Account => _account;

    /// <summary>The task hub's settings (its name, concurrency, polling and visibility timeouts), validated.</summary>
    public DurableTaskHubOptions Durable { get; }

    /// <summary>The task hub's client: what the engine starts, signals and reads orchestrations through.</summary>
    public TaskHubDurableTaskClient TaskHub { get; }

    /// <summary>The job engine on Durable Task: submit, cancel, status and list go through the task hub.</summary>
    public JobEngine Engine { get; }

    public EngineOptions EngineOptions { get; }

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
        Validate(engineOptions.Validate);
        var durable = DurableSettings(configuration, settings);
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

            ProviderSet providers;
            try
            {
                var providerOptions = ProviderSets.ReadOptions(effective);
                providers = ProviderSets.Create(providerOptions, TimeProvider.System, loggers);
                engineOptions.Notify = NotifyOptions.Read(effective, [storage.Account.BlobEndpoint, .. providerOptions.Select(p => p.BaseUrl)]);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException("Providers settings are invalid: " + ex.Message, ex);
            }
            catch (InvalidOperationException ex)
            {
                throw new UsageException($"The {NotifyOptions.SectionName} settings cannot be read: {ex.Message}", ex);
            }

            Validate(engineOptions.Validate);

            TaskHubDurableTaskClient taskHub;
            try
            {
                taskHub = new TaskHubDurableTaskClient(storage.Account, durable, loggers);
            }
            catch (InvalidOperationException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            JobEngine engine;
            try
            {
                engine = new JobEngine(blobs, taskHub, providers, catalog, TimeProvider.System, engineOptions, loggers.CreateLogger<JobEngine>());
            }
            catch (ArgumentException ex)
            {
                await taskHub.DisposeAsync();
                throw new UsageException(ex.Message, ex);
            }

            await engine.EnsureContainersAsync(cancellationToken);
            return new Pipeline(local, blobs, storage.Account, durable, taskHub, engine, engineOptions, providers, catalog, loggers, settings.PrivateTaskHub);
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

    /// <summary>
    /// A Durable Task worker on this pipeline's task hub running the engine's orchestrators and activities, each
    /// execution counted in <paramref name="stats"/>. Its engine is an instance of its own (as in another process);
    /// any number of workers, in this process or others, may share the task hub. Start it with
    /// <see cref="DurableWorkerHost.StartAsync"/>; dispose it before the pipeline.
    /// </summary>
    public DurableWorkerHost CreateWorker(DurableWorkerStats stats)
    {
        var engine = new JobEngine(Blobs, TaskHub, _providers, _catalog, TimeProvider.System, EngineOptions, _loggers.CreateLogger<JobEngine>());
        return new DurableWorkerHost(
            _account,
            Durable,
            CountedTasks.Orchestrators(EngineDurableTasks.Orchestrators(engine), stats),
            CountedTasks.Activities(EngineDurableTasks.Activities(engine), stats),
            _loggers);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_privateTaskHub)
            {
                // Not cancellable: the task hub is this invocation's and must not outlive it, also after Ctrl+C.
                await TaskHub.DeleteTaskHubAsync(CancellationToken.None);
            }
        }
        finally
        {
            await TaskHub.DisposeAsync();
            if (Local is not null)
            {
                await Local.DisposeAsync();
            }
        }
    }

    // Section Durable, then the command's changes (--concurrency), then a private name if the command runs alone.
    private static DurableTaskHubOptions DurableSettings(IConfiguration configuration, PipelineSettings settings)
    {
        try
        {
            var options = DurableTaskHubOptions.Read(configuration);
            settings.ConfigureDurable?.Invoke(options);
            if (settings.PrivateTaskHub)
            {
                options.TaskHubName = PrivateTaskHubPrefix + Guid.NewGuid().ToString("N")[..16];
            }

            options.Validate();
            return options;
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message, ex);
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
    internal static StorageClients Storage(IConfiguration configuration, ILoggerFactory loggers)
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
}
