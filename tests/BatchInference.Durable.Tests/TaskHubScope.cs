using BatchInference.Durable.Client;
using BatchInference.Durable.Hosting;
using BatchInference.Testing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace BatchInference.Durable.Tests;

/// <summary>A task hub of its own for one test, its workers and a client; disposing stops them all.</summary>
internal sealed class TaskHubScope : IAsyncDisposable
{
    private static int _counter;
    private readonly AzuriteFixture _azurite;
    private readonly List<DurableWorkerHost> _workers = [];

    public TaskHubScope(AzuriteFixture azurite, Action<DurableTaskHubOptions>? configure = null)
    {
        _azurite = azurite;
        Options = new DurableTaskHubOptions
        {
            TaskHubName = $"t{Interlocked.Increment(ref _counter)}{Guid.NewGuid():N}"[..20],
            PartitionCount = 2,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        };
        configure?.Invoke(Options);
        Client = new TaskHubDurableTaskClient(azurite.Account, Options);
    }

    public DurableTaskHubOptions Options { get; }

    public TaskHubDurableTaskClient Client { get; }

    /// <summary>The sample orchestrators, by class name.</summary>
    public static Dictionary<TaskName, Func<ITaskOrchestrator>> SampleOrchestrators() => new()
    {
        [nameof(FanOutOrchestrator)] = () => new FanOutOrchestrator(),
        [nameof(ChildOrchestrator)] = () => new ChildOrchestrator(),
        [nameof(PlainFanOutOrchestrator)] = () => new PlainFanOutOrchestrator(),
        [nameof(OneActivityOrchestrator)] = () => new OneActivityOrchestrator(),
        [nameof(WaitingOrchestrator)] = () => new WaitingOrchestrator(),
        [CrashWorker.CrashOrchestrator.Name] = () => new CrashWorker.CrashOrchestrator(),
        [nameof(ParentOfOrchestrator)] = () => new ParentOfOrchestrator(),
        [nameof(ParentEchoOrchestrator)] = () => new ParentEchoOrchestrator(),
    };

    public async Task<DurableWorkerHost> StartWorkerAsync(IReadOnlyDictionary<TaskName, Func<ITaskActivity>>? activities = null, ILoggerFactory? loggerFactory = null)
    {
        var all = new Dictionary<TaskName, Func<ITaskActivity>>
        {
            [nameof(DoubleActivity)] = () => new DoubleActivity(),
            [nameof(FailingActivity)] = () => new FailingActivity(),
        };
        foreach (var (name, create) in activities ?? new Dictionary<TaskName, Func<ITaskActivity>>())
        {
            all[name] = create;
        }

        var worker = new DurableWorkerHost(_azurite.Account, Options, SampleOrchestrators(), all, loggerFactory);
        _workers.Add(worker);
        await worker.StartAsync();
        return worker;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await Client.DisposeAsync();
    }
}
