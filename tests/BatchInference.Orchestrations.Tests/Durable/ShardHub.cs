using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Steps;
using BatchInference.Orchestrations.Tests.Infrastructure;
using BatchInference.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Tests.Durable;

/// <summary>
/// A task hub of its own on Azurite with one Durable Task worker hosting the shard orchestration and its activities over
/// an engine's context (as a worker process would), and a client to start shards with. Jobs are prepared by today's
/// <c>StartJobStep</c> (intake, split, plan); no queue worker runs, so the queue path never touches them.
/// </summary>
internal sealed class ShardHub : IAsyncDisposable
{
    private static int _counter;
    private readonly DurableWorkerHost _worker;

    private ShardHub(EngineHarness engine, EngineContext context, DurableWorkerHost worker, TaskHubDurableTaskClient client)
    {
        Engine = engine;
        Context = context;
        _worker = worker;
        Client = client;
    }

    public EngineHarness Engine { get; }

    /// <summary>The worker's engine context (its options are the test's).</summary>
    public EngineContext Context { get; }

    public TaskHubDurableTaskClient Client { get; }

    /// <param name="engine">The engine (with no queue workers).</param>
    /// <param name="azurite">The Azurite holding the task hub.</param>
    /// <param name="slice">Creates the slice activity instead of the registered one (e.g. one a test interrupts).</param>
    public static async Task<ShardHub> StartAsync(EngineHarness engine, AzuriteFixture azurite, Func<EngineContext, ITaskActivity>? slice = null)
    {
        var options = new DurableTaskHubOptions
        {
            TaskHubName = $"s{Interlocked.Increment(ref _counter)}{Guid.NewGuid():N}"[..20],
            PartitionCount = 1,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        };
        var context = engine.CreateContext("durable-worker");
        var activities = new Dictionary<TaskName, Func<ITaskActivity>>(EngineDurableTasks.Activities(context));
        if (slice is not null)
        {
            activities[ShardActivities.Slice] = () => slice(context);
        }

        var worker = new DurableWorkerHost(azurite.Account, options, EngineDurableTasks.Orchestrators(context), activities);
        await worker.StartAsync();
        return new ShardHub(engine, context, worker, new TaskHubDurableTaskClient(azurite.Account, options));
    }

    /// <summary>Submits <paramref name="blobName"/> and prepares it as the job orchestration's first activity does: the job is split and planned.</summary>
    public async Task<string> PrepareJobAsync(string blobName)
    {
        var jobId = await Engine.Engine.SubmitAsync(StorageLayout.JobsContainer, blobName);
        var job = (await Context.Jobs.ReadAsync(StorageLayout.JobState(jobId), CancellationToken.None))!.Value;
        await new JobPreparer(Context).PrepareAsync(job, CancellationToken.None);
        return jobId;
    }

    public Task<string> StartShardAsync(string jobId, int shard) =>
        Client.ScheduleNewOrchestrationInstanceAsync(
            EngineOrchestrations.Shard, new ShardOrchestrationInput(jobId, shard),
            new StartOrchestrationOptions(EngineOrchestrations.ShardInstanceId(jobId, shard)));

    public async Task<ShardOrchestrationResult> WaitAsync(string instanceId, TimeSpan? bound = null)
    {
        using var cancel = new CancellationTokenSource(bound ?? TimeSpan.FromSeconds(90));
        var done = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancel.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{instanceId} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        return done.ReadOutputAs<ShardOrchestrationResult>()!;
    }

    /// <summary>Runs every shard of the job as its own orchestration and waits for them all.</summary>
    public async Task<IReadOnlyList<ShardOrchestrationResult>> RunShardsAsync(string jobId, TimeSpan? bound = null)
    {
        var job = (await Context.Jobs.ReadAsync(StorageLayout.JobState(jobId), CancellationToken.None))!.Value;
        var ids = new List<string>();
        for (var k = 0; k < job.ShardCount; k++)
        {
            ids.Add(await StartShardAsync(jobId, k));
        }

        var results = new List<ShardOrchestrationResult>();
        foreach (var id in ids)
        {
            results.Add(await WaitAsync(id, bound));
        }

        return results;
    }

    /// <summary>Finishes the job as the job orchestration's finish activity does, so its results can be read.</summary>
    public Task FinishJobAsync(string jobId) => new JobFinisher(Context).FinishAsync(jobId, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await Client.DisposeAsync();
    }
}
