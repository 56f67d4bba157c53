using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace BatchInference.FunctionApp.Orchestrations;

/// <summary>
/// The engine's orchestrations as Durable Functions: each function is named after its orchestration
/// (<see cref="EngineOrchestrations"/>) and runs the same orchestrator class the local worker runs
/// (<see cref="EngineDurableTasks.Orchestrators"/>) on the extension's context, so sub-orchestrations, activities,
/// timers and events go through the extension by the same names.
/// </summary>
internal sealed class EngineOrchestrationFunctions(JobEngines engines)
{
    /// <summary>One job (<see cref="EngineOrchestrations.Job"/>).</summary>
    /// <param name="context">The extension's orchestration context.</param>
    /// <returns>The orchestration's output.</returns>
    [Function(EngineOrchestrations.Job)]
    public Task<object?> JobAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(EngineOrchestrations.Job, context, context?.GetInput<JobOrchestrationInput>());

    /// <summary>One shard of a job (<see cref="EngineOrchestrations.Shard"/>).</summary>
    /// <param name="context">The extension's orchestration context.</param>
    /// <returns>The orchestration's output.</returns>
    [Function(EngineOrchestrations.Shard)]
    public Task<object?> ShardAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(EngineOrchestrations.Shard, context, context?.GetInput<ShardOrchestrationInput>());

    /// <summary>One webhook delivery of a finished job (<see cref="EngineOrchestrations.Notification"/>).</summary>
    /// <param name="context">The extension's orchestration context.</param>
    /// <returns>The orchestration's output.</returns>
    [Function(EngineOrchestrations.Notification)]
    public Task<object?> NotificationAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        RunAsync(EngineOrchestrations.Notification, context, context?.GetInput<BatchInference.Orchestrations.Notifications.JobNotification>());

    // A fresh orchestrator per episode, as the local worker's shim makes one.
    private Task<object?> RunAsync(string name, TaskOrchestrationContext? context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return engines.Orchestrators[name]().RunAsync(context, input);
    }
}
