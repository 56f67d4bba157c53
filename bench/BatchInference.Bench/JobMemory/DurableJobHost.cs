using BatchInference.Bench.Durable;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Clients;
using Microsoft.Extensions.Logging;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// The engine on Durable Task: a task hub of its own on Azurite (default <see cref="DurableTaskHubOptions"/>, as
/// <c>bi worker</c> runs), one in-process <see cref="DurableWorkerHost"/> running <see cref="EngineDurableTasks"/>
/// through a <see cref="DurableWorkerStats"/>, and the engine's Durable-mode constructor over the task hub's client. After the
/// job it reads the task hub's tables for the orchestration overhead; disposing deletes the task hub.
/// </summary>
internal sealed class DurableJobHost : IJobMemoryHost
{
    private readonly JobMemoryParts _parts;
    private readonly DurableTaskHubOptions _options;
    private readonly TaskHubDurableTaskClient _client;
    private readonly DurableWorkerHost _worker;
    private readonly DurableWorkerStats _counter;

    private DurableJobHost(
        JobMemoryParts parts, DurableTaskHubOptions options, TaskHubDurableTaskClient client, DurableWorkerHost worker, DurableWorkerStats counter, JobEngine engine)
    {
        _parts = parts;
        _options = options;
        _client = client;
        _worker = worker;
        _counter = counter;
        Engine = engine;
    }

    public string Kind => "durable";

    public JobEngine Engine { get; }

    public string Progress => $"worker: {_counter.ActivitiesStarted:N0} activities, {_counter.Episodes:N0} orchestrator episodes";

    /// <summary>Creates the task hub and starts its worker, so the job is submitted to a task hub that exists.</summary>
    /// <param name="parts">What the engine is built from.</param>
    /// <param name="maxActivities">Activities the worker runs at once (<see cref="DurableTaskHubOptions.MaxConcurrentActivities"/>); null: the default.</param>
    /// <param name="cancellationToken">Stops starting.</param>
    public static async Task<DurableJobHost> StartAsync(JobMemoryParts parts, int? maxActivities, CancellationToken cancellationToken)
    {
        var account = StorageAccount.FromConnectionString(parts.Storage);
        var options = new DurableTaskHubOptions { TaskHubName = "bench" + Guid.NewGuid().ToString("N")[..16] };
        options.MaxConcurrentActivities = maxActivities ?? options.MaxConcurrentActivities;
        var client = new TaskHubDurableTaskClient(account, options);
        var engine = new JobEngine(
            parts.Blobs, client, parts.Providers, parts.Catalog, TimeProvider.System, parts.Options, parts.Loggers.CreateLogger<JobEngine>());
        var counter = new DurableWorkerStats();
        var worker = new DurableWorkerHost(
            account, options, CountedTasks.Orchestrators(EngineDurableTasks.Orchestrators(engine), counter), CountedTasks.Activities(EngineDurableTasks.Activities(engine), counter), parts.Loggers);
        var host = new DurableJobHost(parts, options, client, worker, counter, engine);
        try
        {
            await worker.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    // The worker runs from the start; this only stands for it until the run stops.
    public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

    public async Task<JobMemoryResult> CompleteAsync(JobMemoryResult result, CancellationToken cancellationToken)
    {
        var history = await TaskHubHistory.MeasureAsync(_parts.Storage, _options.TaskHubName, instanceId: null, cancellationToken);
        return result with
        {
            Orchestration = new OrchestrationOverhead(
                history.Instances, _counter.Episodes, _counter.ActivitiesStarted, _counter.ActivitiesByName, history.Rows, history.Bytes, history.MaxInstanceRows),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _client.DisposeAsync();
        var service = TaskHubService.Create(StorageAccount.FromConnectionString(_parts.Storage), _options, "bench-cleanup", _parts.Loggers);
        await service.DeleteAsync();
    }
}
