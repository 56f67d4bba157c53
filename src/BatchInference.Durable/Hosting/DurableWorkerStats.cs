using System.Collections.Concurrent;

namespace BatchInference.Durable.Hosting;

/// <summary>
/// What one in-process Durable worker did, counted by <see cref="CountedTasks"/> around every activity and orchestrator
/// it ran: the framework's worker has no counters of its own. Read while the worker runs (<c>bi worker</c>'s live line,
/// the job-memory bench's progress) and after (the demo's "ran on Durable" line, the bench's overhead). Thread-safe.
/// </summary>
public sealed class DurableWorkerStats
{
    private readonly ConcurrentDictionary<string, long> _byName = new(StringComparer.Ordinal);
    private long _activitiesStarted;
    private long _activitiesCompleted;
    private long _activitiesFailed;
    private long _episodes;
    private long _episodesFailed;

    /// <summary>Activity executions started (a retried or re-delivered activity counts again).</summary>
    public long ActivitiesStarted => Interlocked.Read(ref _activitiesStarted);

    /// <summary>Activity executions that returned.</summary>
    public long ActivitiesCompleted => Interlocked.Read(ref _activitiesCompleted);

    /// <summary>Activity executions that threw (the orchestration retries or fails on them).</summary>
    public long ActivitiesFailed => Interlocked.Read(ref _activitiesFailed);

    /// <summary>Activity executions running now.</summary>
    public long ActivitiesRunning => ActivitiesStarted - ActivitiesCompleted - ActivitiesFailed;

    /// <summary>Orchestration episodes run: each replays an orchestration's history up to its next wait.</summary>
    public long Episodes => Interlocked.Read(ref _episodes);

    /// <summary>Episodes whose orchestrator code threw (the orchestration fails).</summary>
    public long EpisodesFailed => Interlocked.Read(ref _episodesFailed);

    /// <summary>Activity executions by task name (e.g. the shard slices), for the demo's breakdown.</summary>
    public IReadOnlyDictionary<string, long> ActivitiesByName => new Dictionary<string, long>(_byName, StringComparer.Ordinal);

    internal void ActivityStarted(string name)
    {
        Interlocked.Increment(ref _activitiesStarted);
        _byName.AddOrUpdate(name, 1, (_, n) => n + 1);
    }

    internal void ActivityCompleted() => Interlocked.Increment(ref _activitiesCompleted);

    internal void ActivityFailed() => Interlocked.Increment(ref _activitiesFailed);

    internal void EpisodeStarted() => Interlocked.Increment(ref _episodes);

    internal void EpisodeFailed() => Interlocked.Increment(ref _episodesFailed);
}
