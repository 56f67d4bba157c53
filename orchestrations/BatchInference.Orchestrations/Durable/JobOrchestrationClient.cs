using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// How <see cref="Engine.JobEngine"/> starts and signals job orchestrations through a <see cref="DurableTaskClient"/>
/// (the Functions app's, or the local task hub's). The instance id is the job id, so a redelivered drop or message finds
/// the instance its first delivery started and starts none.
/// </summary>
internal sealed class JobOrchestrationClient(DurableTaskClient client)
{
    // No existing instance may be replaced, live or ended: a job (or a webhook delivery) runs once. (Left to the backend, a start may terminate a
    // live instance with the id, or replace an ended one.)
    private static readonly OrchestrationRuntimeStatus[] NeverReplaced =
    [
        OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated,
    ];

    // Case-insensitive: the Functions worker's converter may write camelCase where the local one writes PascalCase.
    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web);

    /// <summary>Starts the job's orchestration unless an instance with its id exists; true when this call started it.</summary>
    public Task<bool> StartAsync(string jobId, CancellationToken cancellationToken) =>
        StartOnceAsync(client, EngineOrchestrations.Job, EngineOrchestrations.JobInstanceId(jobId), new JobOrchestrationInput(jobId), cancellationToken);

    /// <summary>Starts orchestration <paramref name="name"/> as <paramref name="instanceId"/> unless an instance with that id
    /// exists, live or ended; true when this call started it.</summary>
    public static async Task<bool> StartOnceAsync(
        DurableTaskClient client, TaskName name, string instanceId, object input, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                name, input, new StartOrchestrationOptions { InstanceId = instanceId }.WithDedupeStatuses(NeverReplaced), cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Clients report "already exists" differently (the local one InvalidOperationException, the gRPC one an
            // RpcException): whatever it was, an instance that exists now means another start won the race.
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>Raises <paramref name="eventName"/> at the job's orchestration; false when it has no instance.</summary>
    public async Task<bool> RaiseAsync(string jobId, string eventName, CancellationToken cancellationToken)
    {
        var instanceId = EngineOrchestrations.JobInstanceId(jobId);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        await client.RaiseEventAsync(instanceId, eventName, eventPayload: null, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The job orchestration's custom status; null when it has no instance or has not reported yet.</summary>
    public async Task<JobProgress?> ProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(EngineOrchestrations.JobInstanceId(jobId), getInputsAndOutputs: false, cancellationToken)
            .ConfigureAwait(false);
        return instance?.SerializedCustomStatus is { Length: > 0 } json ? JsonSerializer.Deserialize<JobProgress>(json, StatusJson) : null;
    }
}
