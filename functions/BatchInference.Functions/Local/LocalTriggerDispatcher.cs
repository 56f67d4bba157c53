using BatchInference.Storage.Blobs;
using BatchInference.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Local;

/// <summary>
/// Does locally what the Functions host does on Azure, by posting the same payloads to the custom handler over HTTP:
/// a blob poller on <c>jobs/incoming/</c> for <c>JobDropped</c>, queue receivers on the work queue for
/// <c>EngineWork</c> and on its poison queue for <c>EnginePoison</c>, and the nightly timer for <c>Nightly</c>. Any
/// number of dispatchers may share one storage account: the engine's ids are idempotent and timer slots are claimed.
/// </summary>
internal sealed class LocalTriggerDispatcher
{
    private readonly List<Func<CancellationToken, Task>> _loops = [];
    private readonly List<QueueTriggerReceiver> _receivers = [];

    /// <param name="handler">The custom handler, e.g. <c>http://127.0.0.1:7071/</c>.</param>
    /// <param name="http">The client to post with; its base address is set to <paramref name="handler"/> (not disposed).</param>
    /// <param name="blobs">The account's blobs.</param>
    /// <param name="blobEndpoint">The account's blob endpoint, for the events' blob URLs.</param>
    /// <param name="queue">The engine's work queue; its poison queue is <c>&lt;name&gt;-poison</c>.</param>
    /// <param name="queueNamed">Makes a client for another queue of the same account (the poison queue).</param>
    /// <param name="options">Validated here.</param>
    /// <param name="time">The clock every wait runs on.</param>
    /// <param name="loggers">Log sink.</param>
    /// <param name="report">Told of every dispatch (called concurrently).</param>
    public LocalTriggerDispatcher(
        Uri handler, HttpClient http, IBlobStore blobs, Uri blobEndpoint, StorageQueueClient queue, Func<string, StorageQueueClient> queueNamed,
        LocalDispatcherOptions options, TimeProvider time, ILoggerFactory loggers, Action<DispatchRecord>? report = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(queueNamed);
        ArgumentNullException.ThrowIfNull(loggers);
        options.Validate();
        http.BaseAddress = handler;
        http.Timeout = options.FunctionTimeout;
        var logger = loggers.CreateLogger<LocalTriggerDispatcher>();
        void Report(DispatchRecord record)
        {
            Log.Dispatched(logger, record.Function, record.Subject, record.Outcome, record.Detail);
            report?.Invoke(record);
        }

        var invoker = new FunctionInvoker(http);
        PoisonQueue = queueNamed(queue.QueueName + "-poison");
        if ((options.Triggers & LocalTriggers.BlobDrops) != 0)
        {
            var poller = new BlobDropPoller(blobs, blobEndpoint, invoker, options, time, Report, logger);
            _loops.Add(poller.RunAsync);
        }

        if ((options.Triggers & LocalTriggers.WorkQueue) != 0)
        {
            _receivers.Add(new QueueTriggerReceiver(queue, PoisonQueue, "EngineWork", invoker, options, time, Report, logger));
            _receivers.Add(new QueueTriggerReceiver(PoisonQueue, null, "EnginePoison", invoker, options, time, Report, logger));
            _loops.AddRange(_receivers.Select(r => (Func<CancellationToken, Task>)r.RunAsync));
        }

        if ((options.Triggers & LocalTriggers.Nightly) != 0 && !string.IsNullOrWhiteSpace(options.NightlySchedule))
        {
            var instance = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
            var timer = new NightlyTimer(blobs, CronSchedule.Parse(options.NightlySchedule), invoker, time, instance, Report, logger);
            _loops.Add(timer.RunAsync);
        }
    }

    /// <summary>The queue <c>EnginePoison</c> is triggered by.</summary>
    public StorageQueueClient PoisonQueue { get; }

    /// <summary>Queue-triggered function calls running now.</summary>
    public int RunningCalls => _receivers.Sum(r => r.Running);

    /// <summary>Creates the poison queue if missing (the work queue and containers belong to the handler's start-up).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await PoisonQueue.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Runs every trigger until <paramref name="cancellationToken"/> is cancelled; then completes normally.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var running = _loops.Select(loop => Task.Run(() => loop(cancellationToken), CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped, as asked.
        }
    }
}
