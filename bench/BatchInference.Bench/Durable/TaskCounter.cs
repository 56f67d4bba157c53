using System.Collections.Concurrent;
using Microsoft.DurableTask;

namespace BatchInference.Bench.Durable;

/// <summary>
/// Counts what a worker runs: every activity execution by name (retries included) and every orchestrator episode (each
/// replay of an orchestration from its history, the cost the history's length multiplies). Wraps the factories a
/// <see cref="BatchInference.Durable.Hosting.DurableWorkerHost"/> is given; the wrapped tasks behave as the originals.
/// </summary>
internal sealed class TaskCounter
{
    private readonly ConcurrentDictionary<string, long> _activities = new(StringComparer.Ordinal);
    private long _episodes;

    /// <summary>Activity executions so far, by name.</summary>
    public IReadOnlyDictionary<string, long> Activities => new SortedDictionary<string, long>(_activities, StringComparer.Ordinal);

    /// <summary>Activity executions so far.</summary>
    public long ActivityCount => _activities.Values.Sum();

    /// <summary>Orchestrator episodes so far.</summary>
    public long Episodes => Interlocked.Read(ref _episodes);

    public IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> Wrap(IReadOnlyDictionary<TaskName, Func<ITaskOrchestrator>> orchestrators) =>
        orchestrators.ToDictionary(pair => pair.Key, pair => (Func<ITaskOrchestrator>)(() => new CountedOrchestrator(pair.Value(), this)));

    public IReadOnlyDictionary<TaskName, Func<ITaskActivity>> Wrap(IReadOnlyDictionary<TaskName, Func<ITaskActivity>> activities) =>
        activities.ToDictionary(pair => pair.Key, pair => (Func<ITaskActivity>)(() => new CountedActivity(pair.Key.Name, pair.Value(), this)));

    private sealed class CountedOrchestrator(ITaskOrchestrator inner, TaskCounter counter) : ITaskOrchestrator
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            Interlocked.Increment(ref counter._episodes);
            return inner.RunAsync(context, input);
        }
    }

    private sealed class CountedActivity(string name, ITaskActivity inner, TaskCounter counter) : ITaskActivity
    {
        public Type InputType => inner.InputType;

        public Type OutputType => inner.OutputType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            counter._activities.AddOrUpdate(name, 1, (_, n) => n + 1);
            return inner.RunAsync(context, input);
        }
    }
}
