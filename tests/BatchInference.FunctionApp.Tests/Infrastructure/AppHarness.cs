using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using BatchInference.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.FunctionApp.Tests.Infrastructure;

/// <summary>
/// The function app's services as its Program builds them (<see cref="FunctionAppServices.AddFunctionApp"/>) over the
/// shared Azurite, with a Durable task hub of its own (<c>TaskHubName</c> in the <c>AzureWebJobsStorage</c> account, as
/// in Azure); the functions are constructed from them and called directly, as the worker would call them (no Functions
/// host runs here). <see cref="Durable"/> is what the <c>[DurableClient]</c> binding hands them: a client of that hub.
/// No worker runs the hub unless a test starts one (<see cref="FunctionDispatch"/>).
/// </summary>
internal sealed class AppHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private AppHarness(ServiceProvider services, TaskHubDurableTaskClient durable, DurableTaskHubOptions hub)
    {
        _services = services;
        Durable = durable;
        Hub = hub;
    }

    public JobEngines Engines => _services.GetRequiredService<JobEngines>();

    public IBlobStore Blobs => Engines.Blobs;

    /// <summary>A client of the app's task hub: what the <c>[DurableClient]</c> binding gives the functions here.</summary>
    public TaskHubDurableTaskClient Durable { get; }

    /// <summary>The app's task hub (its name is the <c>TaskHubName</c> setting).</summary>
    public DurableTaskHubOptions Hub { get; }

    public IServiceProvider Provider => _services;

    public static async Task<AppHarness> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TaskHubName"] = "app" + Guid.NewGuid().ToString("N")[..16],
            ["Engine:SidecarGracePeriod"] = "00:00:00", // these drops are complete when dropped
            // No test here runs a shard, so no provider is called; the address only has to be valid.
            ["Providers:OpenAI:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Providers:OpenAI:ApiKey"] = "test",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var hub = TaskHubSettings.Options(configuration);
        var durable = new TaskHubDurableTaskClient(TaskHubSettings.Account(configuration), hub);
        await durable.CreateTaskHubIfNotExistsAsync();
        var harness = new AppHarness(Services(settings), durable, hub);
        foreach (var container in StorageLayout.Containers)
        {
            await harness.Blobs.CreateContainerIfNotExistsAsync(container);
        }

        return harness;
    }

    /// <summary>The app's services over the given settings, as Program registers them (nothing is called yet).</summary>
    public static ServiceProvider Services(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSingleton<IConfiguration>(configuration)
            .AddFunctionApp(configuration, TimeProvider.System)
            .BuildServiceProvider();
    }

    /// <summary>The client the blobs extension binds for a created blob (the app's storage clients, so the API version Azurite takes).</summary>
    public Azure.Storage.Blobs.BlobClient BlobClient(string name) =>
        _services.GetRequiredService<BatchInference.Storage.Clients.StorageClients>().BlobService.GetBlobContainerClient(StorageLayout.JobsContainer).GetBlobClient(name);

    public T Create<T>(params object[] parameters) => ActivatorUtilities.CreateInstance<T>(_services, parameters);

    /// <summary>A queue of the app's storage account, through the app's own queue client.</summary>
    public Azure.Storage.Queues.QueueClient Queue(string name) =>
        _services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(name);

    public object Create(Type type) => ActivatorUtilities.CreateInstance(_services, type);

    /// <summary>Uploads a two-line job input to the jobs container.</summary>
    public async Task UploadJobAsync(string blob)
    {
        const string Lines = """
            {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}}
            {"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"yo"}]}}

            """;
        await Blobs.UploadAsync(StorageLayout.JobsContainer, blob, BinaryData.FromString(Lines));
    }

    /// <summary>How many orchestration instances the app's task hub holds: each started job is one.</summary>
    public async Task<int> OrchestrationCountAsync()
    {
        var count = 0;
        await foreach (var _ in Durable.GetAllInstancesAsync())
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Durable.DisposeAsync();
    }
}
