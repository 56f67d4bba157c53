using BatchInference.Durable.Hosting;
using BatchInference.Storage.Clients;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace BatchInference.Durable.Client;

/// <summary>
/// A <see cref="DurableTaskClient"/> over the Durable Task Framework's Azure Storage backend: starts, queries, signals,
/// terminates, suspends, resumes and purges instances of a task hub directly in storage, with no worker in the same
/// process needed. Inputs, outputs, events and custom status are JSON through <see cref="JsonDataConverter.Default"/>,
/// as in <see cref="DurableWorkerHost"/>, so an input scheduled here is what <c>context.GetInput&lt;T&gt;()</c> reads.
/// </summary>
/// <remarks>
/// <para><b>Starting an id that exists.</b> As in Durable Functions: when an instance with the id exists and is live
/// (Pending, Running, Suspended, ContinuedAsNew), starting fails with an <see cref="InvalidOperationException"/>
/// (the framework's <c>OrchestrationAlreadyExistsException</c>, "An Orchestration instance with the status Running
/// already exists."); a Completed, Failed or Terminated instance is replaced by a new execution.
/// <see cref="StartOrchestrationOptions.DedupeStatuses"/> adds terminal statuses that must not be replaced either
/// (e.g. Completed, so a redelivered request never reruns a finished job); a live instance is never replaced.</para>
/// <para><b>Not supported</b> (<see cref="NotSupportedException"/>): recursive terminate and purge, restart, rewind,
/// orchestration versions, and durable entities. Signalling, terminating, suspending or resuming an instance that
/// does not exist throws <see cref="ArgumentException"/>, as Durable Functions does; one that has ended ignores it.</para>
/// </remarks>
public sealed class TaskHubDurableTaskClient : DurableTaskClient
{
    private static readonly OrchestrationStatus[] LiveStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended, OrchestrationStatus.ContinuedAsNew];

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly AzureStorageOrchestrationService _service;
    private readonly DataConverter _converter = JsonDataConverter.Default;

    /// <summary>A client of the task hub <paramref name="options"/> names in <paramref name="account"/>. The task hub is
    /// created on the first start if missing.</summary>
    /// <param name="account">The storage account holding the task hub.</param>
    /// <param name="options">The task hub settings (only its name matters to a client); validated here.</param>
    /// <param name="loggerFactory">Logging for the framework; none when null.</param>
    /// <exception cref="InvalidOperationException">Invalid options.</exception>
    public TaskHubDurableTaskClient(StorageAccount account, DurableTaskHubOptions options, ILoggerFactory? loggerFactory = null)
        : base(options?.TaskHubName ?? throw new ArgumentNullException(nameof(options))) =>
        _service = TaskHubService.Create(account, options, $"client-{Environment.MachineName}-{Environment.ProcessId}", loggerFactory ?? NullLoggerFactory.Instance);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A live instance (or one in <see cref="StartOrchestrationOptions.DedupeStatuses"/>)
    /// already has the id.</exception>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName.Name, nameof(orchestratorName));
        if (options?.Version is { } version && !string.IsNullOrEmpty(version.Version))
        {
            throw new NotSupportedException("Orchestration versions are not supported by the local task hub client.");
        }

        var instance = new OrchestrationInstance
        {
            InstanceId = string.IsNullOrEmpty(options?.InstanceId) ? Guid.NewGuid().ToString("N") : options.InstanceId,
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, _converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags is { } tags ? new Dictionary<string, string>(tags) : null,
        };
        cancellation.ThrowIfCancellationRequested();
        await _service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, DedupeStatuses(options))
            .WaitAsync(cancellation).ConfigureAwait(false);
        return instance.InstanceId;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No instance has the id.</exception>
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var raised = new EventRaisedEvent(-1, _converter.Serialize(eventPayload)) { Name = eventName };
        await SendToLiveInstanceAsync(instanceId, raised, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No instance has the id.</exception>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("Recursive terminate is not supported by the local task hub client: terminate each sub-orchestration by its id.");
        }

        if (await LiveStateAsync(instanceId, cancellation).ConfigureAwait(false) is null)
        {
            return;
        }

        // The framework keeps the reason as the instance's output: it must be JSON, as every other output is.
        await _service.ForceTerminateTaskOrchestrationAsync(instanceId, _converter.Serialize(options?.Output)).WaitAsync(cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No instance has the id.</exception>
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendToLiveInstanceAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No instance has the id.</exception>
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendToLiveInstanceAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var state = await StateAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
        return state is null ? null : await ToMetadataAsync(state, getInputsAndOutputs, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Filters by status, created-time range and instance-id prefix; pages with the backend's continuation
    /// token. <see cref="OrchestrationQuery.TaskHubNames"/> is ignored: a client reads its own task hub. A failed
    /// instance's failure details carry its error type and message only (no stack trace or inner failure: those are
    /// in its history, which <see cref="GetInstancesAsync"/> reads).</remarks>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        filter ??= new OrchestrationQuery();
        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            var query = new CoreQuery
            {
                RuntimeStatus = filter.Statuses?.Select(InstanceStates.ToStatus).ToList(),
                CreatedTimeFrom = filter.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter.InstanceIdPrefix,
                PageSize = pageSize ?? filter.PageSize,
                ContinuationToken = continuation ?? filter.ContinuationToken,
                FetchInputsAndOutputs = filter.FetchInputsAndOutputs,
            };
            var result = await _service.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            var page = result.OrchestrationState.Select(state => InstanceStates.ToMetadata(state, filter.FetchInputsAndOutputs, _converter)).ToList();
            return new Page<OrchestrationMetadata>(page, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });
    }

    /// <inheritdoc />
    /// <remarks>Polls the instance every 200 ms until it has left Pending.</remarks>
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    /// <remarks>Polls the instance every 200 ms until it is Completed, Failed or Terminated.</remarks>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, InstanceStates.IsTerminal, cancellation);

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        RejectRecursive(options);
        var result = await _service.PurgeInstanceHistoryAsync(instanceId).WaitAsync(cancellation).ConfigureAwait(false);
        return new PurgeResult(result.InstancesDeleted, result.IsComplete);
    }

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        RejectRecursive(options);
        var result = await _service.PurgeInstanceHistoryAsync(
                filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
                filter.CreatedTo?.UtcDateTime,
                filter.Statuses?.Select(InstanceStates.ToStatus).ToList())
            .WaitAsync(cancellation).ConfigureAwait(false);
        return new PurgeResult(result.InstancesDeleted, result.IsComplete);
    }

    /// <inheritdoc />
    public override Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException("Restart is not supported by the local task hub client: start a new instance with the old input.");

    /// <inheritdoc />
    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        throw new NotSupportedException("Rewind is not supported by the local task hub client.");

    /// <summary>Deletes the whole task hub: its queues, tables (instances and history) and lease containers. For a task
    /// hub of one session's own (e.g. <c>bi run --local</c>); no worker may still use it.</summary>
    /// <param name="cancellation">Stops waiting; the deletion may go on.</param>
    public Task DeleteTaskHubAsync(CancellationToken cancellation = default) =>
        _service.DeleteAsync(deleteInstanceStore: true).WaitAsync(cancellation);

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        _service.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void RejectRecursive(PurgeInstanceOptions? options)
    {
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("Recursive purge is not supported by the local task hub client: purge each sub-orchestration by its id.");
        }
    }

    private static OrchestrationStatus[] DedupeStatuses(StartOrchestrationOptions? options)
    {
        if (options?.DedupeStatuses is not { Count: > 0 } names)
        {
            return LiveStatuses;
        }

        var extra = names.Select(name => Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status)
            ? InstanceStates.ToStatus(status)
            : throw new ArgumentException($"'{name}' is not an orchestration runtime status.", nameof(options)));
        return [.. LiveStatuses.Union(extra)];
    }

    private async Task SendToLiveInstanceAsync(string instanceId, HistoryEvent message, CancellationToken cancellation)
    {
        if (await LiveStateAsync(instanceId, cancellation).ConfigureAwait(false) is not { } state)
        {
            return;
        }

        await _service.SendTaskOrchestrationMessageAsync(new TaskMessage { OrchestrationInstance = state.OrchestrationInstance, Event = message })
            .WaitAsync(cancellation).ConfigureAwait(false);
    }

    // The instance if it is live, null if it has ended (a message to it would be dropped); ArgumentException if unknown.
    private async Task<OrchestrationState?> LiveStateAsync(string instanceId, CancellationToken cancellation)
    {
        var state = await StateAsync(instanceId, withInput: false, cancellation).ConfigureAwait(false)
            ?? throw new ArgumentException($"No orchestration instance with id '{instanceId}' exists in task hub {Name}.", nameof(instanceId));
        return InstanceStates.IsTerminal(InstanceStates.ToRuntimeStatus(state.OrchestrationStatus)) ? null : state;
    }

    private async Task<OrchestrationState?> StateAsync(string instanceId, bool withInput, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: withInput)
            .WaitAsync(cancellation).ConfigureAwait(false);
        return states.FirstOrDefault(state => state is not null);
    }

    private async Task<OrchestrationMetadata> ToMetadataAsync(OrchestrationState state, bool withInputsAndOutputs, CancellationToken cancellation)
    {
        FailureDetails? failure = null;
        if (state.OrchestrationStatus == OrchestrationStatus.Failed && state.FailureDetails is null)
        {
            var history = await _service.GetOrchestrationHistoryAsync(state.OrchestrationInstance.InstanceId, state.OrchestrationInstance.ExecutionId)
                .WaitAsync(cancellation).ConfigureAwait(false);
            failure = InstanceStates.FailureOf(history);
        }

        return InstanceStates.ToMetadata(state, withInputsAndOutputs, _converter, failure);
    }

    private async Task<OrchestrationMetadata> PollAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            var state = await StateAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (state is not null && done(InstanceStates.ToRuntimeStatus(state.OrchestrationStatus)))
            {
                return await ToMetadataAsync(state, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            }

            await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
        }
    }
}
