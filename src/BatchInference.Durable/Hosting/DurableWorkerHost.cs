using BatchInference.Storage.Clients;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Durable.Hosting;

/// <summary>
/// Runs orchestrators and activities written against <c>Microsoft.DurableTask</c> on the Durable Task Framework with
/// the Azure Storage backend (Azurite locally): the local counterpart of the Durable Functions host. Several hosts,
/// in one process or many, may share a task hub; the backend spreads partitions and activities over them.
/// </summary>
/// <remarks>
/// Orchestrators and activities are registered as factories by name (<see cref="TaskName"/>): a new instance per
/// execution, as Durable Functions does. Inputs, outputs, custom status and events are JSON through
/// <see cref="JsonDataConverter.Default"/>, as in <see cref="Client.TaskHubDurableTaskClient"/>.
/// </remarks>
public sealed class DurableWorkerHost : IHostedService, IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly ILogger _logger;
    private readonly string _taskHubName;
    private readonly string _workerId;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _started;
    private bool _disposed;

    /// <summary>Prepares a worker; nothing is called over the network until <see cref="StartAsync"/>.</summary>
    /// <param name="account">The storage account holding the task hub (from the <c>Storage</c> settings).</param>
    /// <param name="options">The task hub settings (section <c>Durable</c>); validated here.</param>
    /// <param name="orchestrators">Orchestrator factories by name.</param>
    /// <param name="activities">Activity factories by name.</param>
    /// <param name="loggerFactory">Logging for the framework and the shims; none when null.</param>
    /// <exception cref="InvalidOperationException">Invalid options.</exception>
    public DurableWorkerHost(
        StorageAccount account,
        DurableTaskHubOptions options,
        IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> orchestrators,
        IReadOnlyDictionary<TaskName, Func<ITaskActivity>> activities,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(orchestrators);
        ArgumentNullException.ThrowIfNull(activities);
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<DurableWorkerHost>();
        _taskHubName = options?.TaskHubName ?? throw new ArgumentNullException(nameof(options));

        // The framework's default worker id is the machine name: two workers on one machine would then both believe they
        // hold the same partition leases. Each host gets its own.
        _workerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        _service = TaskHubService.Create(account, options, _workerId, loggerFactory);
        _worker = new TaskHubWorker(_service, loggerFactory)
        {
            // The shims turn failure details into TaskFailedException.FailureDetails; without them a failed activity
            // would reach the orchestrator as the framework's serialized exception instead.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = JsonDataConverter.Default }, loggerFactory);
        _worker.AddOrchestrationDispatcherMiddleware(ParentAwareOrchestration.Track);
        _worker.AddTaskOrchestrations(orchestrators
            .Select(pair => (ObjectCreator<TaskOrchestration>)new ShimCreator<TaskOrchestration>(
                pair.Key.Name, () => new ParentAwareOrchestration(parent => shims.CreateOrchestration(pair.Key, pair.Value(), parent))))
            .ToArray());
        _worker.AddTaskActivities(activities
            .Select(pair => (ObjectCreator<global::DurableTask.Core.TaskActivity>)new ShimCreator<global::DurableTask.Core.TaskActivity>(
                pair.Key.Name, () => shims.CreateActivity(pair.Key, pair.Value())))
            .ToArray());
    }

    /// <summary>Creates the task hub's queues, tables and containers if missing, then starts taking work.</summary>
    /// <param name="cancellationToken">Stops waiting; the framework's own start is not cancellable, so a start under way
    /// finishes in the background and <see cref="DisposeAsync"/> stops it.</param>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            await _service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await _worker.StartAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
            Log.WorkerStarted(_logger, _taskHubName, _workerId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops taking work and waits for the work items in progress to finish (a graceful stop: leases are
    /// released so another worker takes over at once).</summary>
    /// <param name="cancellationToken">Stops waiting for the work in progress; the stop goes on in the background.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                return;
            }

            _started = false;
            await _worker.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            Log.WorkerStopped(_logger, _taskHubName, _workerId);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the worker gracefully if it runs, and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _worker.Dispose();
        _gate.Dispose();
    }
}
