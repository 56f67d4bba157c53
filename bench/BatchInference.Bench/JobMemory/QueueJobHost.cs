using BatchInference.Orchestrations.Engine;
using BatchInference.Storage.Queues;
using BatchInference.Workers;
using Microsoft.Extensions.Logging;

namespace BatchInference.Bench.JobMemory;

/// <summary>The queue engine on a queue of its own, run by one in-process <see cref="WorkerHost"/> with default settings.</summary>
internal sealed class QueueJobHost : IJobMemoryHost
{
    private readonly StorageQueueClient _queue;
    private readonly StorageQueueClient _poison;
    private readonly WorkerHost _worker;

    private QueueJobHost(StorageQueueClient queue, StorageQueueClient poison, JobEngine engine, WorkerHost worker)
    {
        _queue = queue;
        _poison = poison;
        Engine = engine;
        _worker = worker;
    }

    public string Kind => "queue";

    public JobEngine Engine { get; }

    public string Progress => $"worker: {_worker.Stats}";

    public static async Task<QueueJobHost> StartAsync(JobMemoryParts parts, CancellationToken cancellationToken)
    {
        var queueName = "bench-" + Guid.NewGuid().ToString("N")[..16];
        var queue = StorageQueueClient.FromConnectionString(parts.Storage, queueName);
        var poison = StorageQueueClient.FromConnectionString(parts.Storage, queueName + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken);
        await poison.CreateIfNotExistsAsync(cancellationToken);
        var engine = new JobEngine(
            parts.Blobs, queue, parts.Providers, parts.Catalog, TimeProvider.System, parts.Options, parts.Loggers.CreateLogger<JobEngine>());
        var worker = new WorkerHost(queue, poison, engine.Handler, TimeProvider.System, new WorkerOptions(), parts.Loggers.CreateLogger<WorkerHost>());
        return new QueueJobHost(queue, poison, engine, worker);
    }

    public Task RunAsync(CancellationToken cancellationToken) => _worker.RunAsync(cancellationToken);

    public Task<JobMemoryResult> CompleteAsync(JobMemoryResult result, CancellationToken cancellationToken) =>
        Task.FromResult(result with { MessagesReceived = _worker.Stats.Received, MessagesFailed = _worker.Stats.Failed });

    public async ValueTask DisposeAsync()
    {
        await _queue.DeleteIfExistsAsync(CancellationToken.None);
        await _poison.DeleteIfExistsAsync(CancellationToken.None);
    }
}
