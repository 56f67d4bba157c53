using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Clients;
using Microsoft.DurableTask;

namespace BatchInference.Orchestrations.Tests.Infrastructure;

/// <summary>
/// The harness's task hub: one of its own on the harness's Azurite, and as workers
/// <see cref="DurableWorkerHost"/>s, each with its own engine instance and worker id as in separate processes.
/// </summary>
internal sealed partial class EngineHarness
{
    private static int _hubCounter;
    private readonly List<DurableWorkerHost> _durableWorkers = [];
    private readonly StorageAccount _account;

    /// <summary>The task hub's client.</summary>
    public TaskHubDurableTaskClient Hub { get; }

    /// <summary>The task hub's settings.</summary>
    public DurableTaskHubOptions HubOptions { get; }

    /// <summary>Changes what the next Durable workers register (e.g. a test-only shard orchestration); given each worker's engine.</summary>
    public Action<JobEngine, Dictionary<TaskName, Func<ITaskOrchestrator>>, Dictionary<TaskName, Func<ITaskActivity>>>? ConfigureDurableTasks { get; set; }

    private static (StorageAccount Account, DurableTaskHubOptions Options, TaskHubDurableTaskClient Client) CreateHub(string connectionString)
    {
        var account = StorageAccount.FromConnectionString(connectionString);
        var options = new DurableTaskHubOptions
        {
            TaskHubName = $"h{Interlocked.Increment(ref _hubCounter)}{Guid.NewGuid():N}"[..20],
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        };
        return (account, options, new TaskHubDurableTaskClient(account, options));
    }

    /// <summary>Starts one more worker with its own engine instance and worker id.</summary>
    public async Task StartWorkerAsync()
    {
        var engine = CreateEngine($"durable-worker-{Interlocked.Increment(ref _workerCount)}", Hub);
        var orchestrators = new Dictionary<TaskName, Func<ITaskOrchestrator>>(EngineDurableTasks.Orchestrators(engine));
        var activities = new Dictionary<TaskName, Func<ITaskActivity>>(EngineDurableTasks.Activities(engine));
        ConfigureDurableTasks?.Invoke(engine, orchestrators, activities);
        var host = new DurableWorkerHost(_account, HubOptions, orchestrators, activities);
        _durableWorkers.Add(host);
        await host.StartAsync();
    }

    private async Task StopDurableWorkersAsync()
    {
        foreach (var host in _durableWorkers)
        {
            await host.DisposeAsync();
        }

        _durableWorkers.Clear();
    }
}
