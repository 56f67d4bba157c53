using Microsoft.DurableTask;

namespace BatchInference.Durable.Hosting;

/// <summary>
/// Wraps orchestrator and activity factories so that every execution is counted in a <see cref="DurableWorkerStats"/>;
/// the wrapped task runs unchanged (same input and output types, same exceptions). The engine's activities already run
/// in a span of their own, tagged with their job (<c>TracedActivity</c>), in every host.
/// </summary>
public static class CountedTasks
{
    /// <summary>The orchestrators, each episode counted in <paramref name="stats"/>.</summary>
    public static Dictionary<TaskName, Func<ITaskOrchestrator>> Orchestrators(
        IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> orchestrators, DurableWorkerStats stats) =>
        orchestrators.ToDictionary(p => p.Key, p => (Func<ITaskOrchestrator>)(() => new CountedOrchestrator(p.Value(), stats)));

    /// <summary>The activities, each execution counted in <paramref name="stats"/> by name.</summary>
    public static Dictionary<TaskName, Func<ITaskActivity>> Activities(
        IReadOnlyDictionary<TaskName, Func<ITaskActivity>> activities, DurableWorkerStats stats) =>
        activities.ToDictionary(p => p.Key, p => (Func<ITaskActivity>)(() => new CountedActivity(p.Key.Name, p.Value(), stats)));

    private sealed class CountedActivity(string name, ITaskActivity inner, DurableWorkerStats stats) : ITaskActivity
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            stats.ActivityStarted(name);
            try
            {
                var output = await inner.RunAsync(context, input).ConfigureAwait(false);
                stats.ActivityCompleted();
                return output;
            }
            catch
            {
                stats.ActivityFailed();
                throw;
            }
        }
    }

    // An episode that waits on unfinished tasks never returns from RunAsync (the framework abandons it), so only starts
    // and throws are counted: counting completions would leave every waiting episode "in flight" forever.
    private sealed class CountedOrchestrator(ITaskOrchestrator inner, DurableWorkerStats stats) : ITaskOrchestrator
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            stats.EpisodeStarted();
            try
            {
                // ConfigureAwait(true), never false: the orchestrator's code must go on on the framework's orchestration scheduler.
                // Off it, the orchestrator's result arrives after the framework has closed the episode, and the
                // orchestration never completes (its parent waits forever).
                return await inner.RunAsync(context, input).ConfigureAwait(true);
            }
            catch
            {
                stats.EpisodeFailed();
                throw;
            }
        }
    }
}
