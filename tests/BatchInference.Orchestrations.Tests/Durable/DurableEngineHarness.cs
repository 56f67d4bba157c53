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
/// The engine on Durable Task, on real parts: an <see cref="EngineHarness"/>
/// (Azurite, the provider emulator over HTTP, a task hub of its own) with one <see cref="DurableWorkerHost"/> running
/// <see cref="EngineDurableTasks"/> (with a test-only shard orchestration when a test needs a shard that keeps failing),
/// and a <see cref="JobEngine"/> that starts and signals jobs through the task hub's client.
/// </summary>
internal sealed class DurableEngineHarness : IAsyncDisposable
{
    private DurableEngineHarness(EngineHarness parts) => Parts = parts;

    /// <summary>Storage, emulator, the task hub and the readers of published results; its <c>Engine</c> is <see cref="Engine"/>.</summary>
    public EngineHarness Parts { get; }

    public TaskHubDurableTaskClient Client => Parts.Hub;

    /// <summary>The engine on Durable Task that submits, cancels and reports jobs.</summary>
    public JobEngine Engine => Parts.Engine;

    public static async Task<DurableEngineHarness> StartAsync(
        AzuriteFixture azurite,
        Action<EmulatorOptions>? emulator = null,
        Action<ProviderEndpointOptions>? provider = null,
        Action<EngineOptions>? engine = null,
        TimeProvider? time = null,
        Func<int, bool>? refuseShard = null,
        Action<JobEngine, Dictionary<TaskName, Func<ITaskOrchestrator>>, Dictionary<TaskName, Func<ITaskActivity>>>? configureTasks = null)
    {
        var parts = await EngineHarness.StartAsync(azurite, emulator, provider, engine, time, workers: 0);
        parts.ConfigureDurableTasks = configureTasks;
        if (refuseShard is not null)
        {
            // Instead of the engine's own shard orchestration, a test-only one that runs the shard in one activity,
            // which refuses the shards the test names.
            parts.ConfigureDurableTasks = (workerEngine, orchestrators, activities) =>
            {
                orchestrators[EngineOrchestrations.Shard] = () => new RealtimeShardOrchestrator();
                activities[RealtimeShardOrchestrator.Activity] = () => new RealtimeShardActivity(workerEngine, refuseShard);
            };
        }

        await parts.StartWorkerAsync();
        return new DurableEngineHarness(parts);
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

    public ValueTask DisposeAsync() => Parts.DisposeAsync();
}
