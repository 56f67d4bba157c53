using System.Globalization;
using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Providers;
using BatchInference.Storage.Blobs;
using BatchInference.Storage.Clients;

namespace BatchInference.Cli.Tests.Crash;

/// <summary>
/// The same promise on the Durable engine: two <c>bi worker</c> processes share one task hub, and ten times one of them
/// is killed with SIGKILL while the job's slices run and is started again in its place. Its in-flight slice activities
/// run again after <c>Durable:WorkItemVisibilityTimeout</c> (10 s here), resuming from their checkpoints; its partitions'
/// orchestrations move once their leases expire.
/// </summary>
public sealed partial class WorkerCrashTests
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(10); // the minimum the settings allow

    [Fact]
    public async Task DurableWorkers_KilledTenTimesMidJob_CompleteWithTheNoCrashOutputAndBoundedResends()
    {
        var hub = new DurableTaskHubOptions { TaskHubName = "crash" + Guid.NewGuid().ToString("N")[..12] };
        var environment = DurableEnvironment(hub.TaskHubName);
        await using var side = await OpenHubAsync(hub);
        var (blobs, client, engine) = (side.Blobs, side.Client, side.Engine);
        var input = Input();
        var folder = $"incoming/{hub.TaskHubName}/";

        // Each of the two slots keeps its worker id across restarts: a restarted worker takes its shard leases back at once.
        var workers = new[] { StartDurableWorker(environment, 0), StartDurableWorker(environment, 1) };
        try
        {
            // The same input submitted under two names; the first runs without crashes and is the reference.
            var reference = await SubmitAsync(engine, blobs, folder + "reference.jsonl", input);
            await WaitForSummaryAsync(engine, reference, TimeSpan.FromMinutes(5));

            var billedBefore = _emulator.RequestLog.BillableCount;
            var crashed = await SubmitAsync(engine, blobs, folder + "crashed.jsonl", input);
            var random = new Random(20261206);
            var kills = 0;
            for (var k = 1; k <= Kills; k++)
            {
                var slot = k % 2; // the two workers in turn; the other one works on meanwhile
                await KillMidJobAsync(workers[slot], crashed, billedBefore, k, random);
                await workers[slot].DisposeAsync();
                kills++;
                workers[slot] = StartDurableWorker(environment, slot);
            }

            var summary = await WaitForSummaryAsync(engine, crashed, TimeSpan.FromMinutes(5));

            await AssertCompletedLikeTheReferenceWithBoundedResendsAsync(blobs, reference, crashed, summary, kills);
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static WorkerProcess StartDurableWorker(IReadOnlyDictionary<string, string> environment, int slot) =>
        WorkerProcess.Start(environment, "worker", "--worker-id", $"crash-test-worker-{slot}");

    // The task hub's queues and tables, made by a worker's start; this one takes no work and lets its partitions go.
    // The submitting side of a crash test: the engine over a task hub that exists (workers are other processes).
    private async Task<HubSide> OpenHubAsync(DurableTaskHubOptions hub)
    {
        var blobs = AzureBlobStore.FromConnectionString(_azurite.ConnectionString);
        var account = StorageAccount.FromConnectionString(_azurite.ConnectionString);
        var client = new TaskHubDurableTaskClient(account, hub);
        var engine = new JobEngine(
            blobs, client,
            ProviderSets.Create([new ProviderEndpointOptions { BaseUrl = new Uri(_emulator.BaseAddress, "v1"), ApiKey = "test" }], TimeProvider.System),
            PriceCatalog.BuiltIn(), TimeProvider.System);
        var side = new HubSide(blobs, client, engine);
        try
        {
            await engine.EnsureContainersAsync();
            await CreateTaskHubAsync(account, hub);
            return side;
        }
        catch
        {
            await side.DisposeAsync();
            throw;
        }
    }

    private static async Task CreateTaskHubAsync(StorageAccount account, DurableTaskHubOptions hub)
    {
        await using var creator = new DurableWorkerHost(account, hub, new Dictionary<Microsoft.DurableTask.TaskName, Func<Microsoft.DurableTask.ITaskOrchestrator>>(),
            new Dictionary<Microsoft.DurableTask.TaskName, Func<Microsoft.DurableTask.ITaskActivity>>());
        await creator.StartAsync();
    }

    // Uploads the input (real time only, as the queue engine's crash run) and submits it through the task hub.
    private static async Task<string> SubmitAsync(JobEngine engine, AzureBlobStore blobs, string name, byte[] input)
    {
        var expected = await DropAsync(blobs, name, input);
        var jobId = await engine.SubmitAsync(StorageLayout.JobsContainer, name);
        Assert.Equal(expected, jobId);
        return jobId;
    }

    private Dictionary<string, string> DurableEnvironment(string taskHubName) => new(EngineEnvironment())
    {
        ["Durable__TaskHubName"] = taskHubName,
        ["Durable__MaxConcurrentActivities"] = ShardsAtOnce.ToString(CultureInfo.InvariantCulture), // a process's window: 4 slices × 32 lines
        ["Durable__WorkItemVisibilityTimeout"] = VisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Durable__ControlQueueVisibilityTimeout"] = VisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Durable__MaxQueuePollingInterval"] = "00:00:00.500",
    };

    private sealed record HubSide(AzureBlobStore Blobs, TaskHubDurableTaskClient Client, JobEngine Engine) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Client.DisposeAsync();
    }
}
