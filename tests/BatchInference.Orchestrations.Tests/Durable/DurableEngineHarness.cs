using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Emulator;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Providers;
using BatchInference.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Tests.Durable;

/// <summary>
/// The engine on Durable Task, on real parts: an <see cref="EngineHarness"/> (Azurite, the provider emulator over
/// HTTP; no queue workers unless a test starts one) plus a task hub of its own on the same Azurite, a local
/// <see cref="DurableWorkerHost"/> running <see cref="EngineDurableTasks"/> (with a test-only shard orchestration when a
/// test needs a shard that keeps failing), and a <see cref="JobEngine"/> that starts and signals jobs through the task hub's client.
/// </summary>
internal sealed class DurableEngineHarness : IAsyncDisposable
{
    private static int _counter;
    private readonly DurableWorkerHost _worker;

    private DurableEngineHarness(EngineHarness parts, TaskHubDurableTaskClient client, DurableWorkerHost worker, JobEngine engine)
    {
        Parts = parts;
        Client = client;
        _worker = worker;
        Engine = engine;
    }

    /// <summary>Storage, emulator and the readers of published results (its own <c>Engine</c> is the queue engine).</summary>
    public EngineHarness Parts { get; }

    public TaskHubDurableTaskClient Client { get; }

    /// <summary>The engine on Durable Task that submits, cancels and reports jobs.</summary>
    public JobEngine Engine { get; }

    public static async Task<DurableEngineHarness> StartAsync(
        AzuriteFixture azurite,
        Action<EmulatorOptions>? emulator = null,
        Action<ProviderEndpointOptions>? provider = null,
        Action<EngineOptions>? engine = null,
        TimeProvider? time = null,
        Func<int, bool>? refuseShard = null)
    {
        var parts = await EngineHarness.StartAsync(azurite, emulator, provider, engine, worker: null, time, workers: 0);
        var options = new DurableTaskHubOptions
        {
            TaskHubName = $"j{Interlocked.Increment(ref _counter)}{Guid.NewGuid():N}"[..20],
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        };
        var client = new TaskHubDurableTaskClient(azurite.Account, options);

        // The worker's engine is its own instance, as in another process.
        var workerEngine = parts.CreateEngine("durable-worker", client);
        // The engine's own shard orchestration, unless a test needs a shard that keeps failing: then a test-only one
        // that runs the shard in one activity, which refuses the shards the test names.
        var orchestrators = new Dictionary<TaskName, Func<ITaskOrchestrator>>(EngineDurableTasks.Orchestrators(workerEngine));
        var activities = new Dictionary<TaskName, Func<ITaskActivity>>(EngineDurableTasks.Activities(workerEngine));
        if (refuseShard is not null)
        {
            orchestrators[EngineOrchestrations.Shard] = () => new RealtimeShardOrchestrator();
            activities[RealtimeShardOrchestrator.Activity] = () => new RealtimeShardActivity(workerEngine, refuseShard);
        }

        var worker = new DurableWorkerHost(azurite.Account, options, orchestrators, activities);
        await worker.StartAsync();
        return new DurableEngineHarness(parts, client, worker, parts.CreateEngine("durable-submitter", client));
    }

    /// <summary>Waits for the job's orchestration to end and returns what it ended with.</summary>
    public async Task<OrchestrationMetadata> WaitForOrchestrationAsync(string jobId)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // a bound against hangs, not a speed limit
        try
        {
            return await Client.WaitForInstanceCompletionAsync(EngineOrchestrations.JobInstanceId(jobId), getInputsAndOutputs: true, bound.Token);
        }
        catch (OperationCanceledException)
        {
            var instance = await Client.GetInstanceAsync(EngineOrchestrations.JobInstanceId(jobId), getInputsAndOutputs: true);
            var job = await Engine.GetJobAsync(jobId);
            throw new TimeoutException(
                $"Job {jobId} did not end: orchestration {instance?.RuntimeStatus} {instance?.SerializedCustomStatus} {instance?.FailureDetails}; job {job}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await Client.DisposeAsync();
        await Parts.DisposeAsync();
    }
}
