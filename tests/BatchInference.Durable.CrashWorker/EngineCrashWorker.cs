using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Notifications;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;

namespace BatchInference.Durable.CrashWorker;

/// <summary>
/// The engine's real orchestrations and activities on a task hub, configured from environment variables as
/// <c>bi worker</c> is (Storage, Durable, Providers, Engine, Notify), except that the activity named on the command line
/// kills this process (SIGKILL) the moment it starts: a crash that lands at exactly that step, not at a moment timing
/// picked. The step's message then waits out its visibility timeout for the next worker.
/// </summary>
public static class EngineCrashWorker
{
    /// <summary>What the process writes to stdout just before it kills itself.</summary>
    public const string DyingMarker = "dying in ";

    public static async Task<int> RunAsync(string dieIn)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var connectionString = configuration["Storage:ConnectionString"]
            ?? throw new InvalidOperationException("Storage__ConnectionString is not set.");
        var account = StorageAccount.FromConnectionString(connectionString);
        var hub = DurableTaskHubOptions.Read(configuration);
        hub.Validate();
        var providers = ProviderSets.ReadOptions(configuration);
        var options = new EngineOptions();
        configuration.GetSection(EngineOptions.SectionName).Bind(options);
        options.Notify = NotifyOptions.Read(configuration, [account.BlobEndpoint, .. providers.Select(p => p.BaseUrl)]);
        options.Validate();

        await using var client = new TaskHubDurableTaskClient(account, hub);
        var engine = new JobEngine(
            AzureBlobStore.FromConnectionString(connectionString), client, ProviderSets.Create(providers, TimeProvider.System),
            PriceCatalog.BuiltIn(), TimeProvider.System, options);
        var activities = EngineDurableTasks.Activities(engine).ToDictionary(
            pair => pair.Key, pair => pair.Key.Name == dieIn ? () => new DyingActivity(dieIn) : pair.Value);
        await using var worker = new DurableWorkerHost(account, hub, EngineDurableTasks.Orchestrators(engine), activities);
        await worker.StartAsync();
        Console.WriteLine("started");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private sealed class DyingActivity(string name) : TaskActivity<object?, object?>
    {
        public override Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            Console.WriteLine(DyingMarker + name);
            Console.Out.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            return Task.FromResult<object?>(null);
        }
    }
}
