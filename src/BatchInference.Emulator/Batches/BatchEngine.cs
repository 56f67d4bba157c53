using BatchInference.Emulator.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BatchInference.Emulator.Batches;

/// <summary>
/// The one lifecycle core behind OpenAI Batches and Anthropic Message Batches: keeps every batch, moves it through
/// its phases on the emulator's clock and answers its lines with the real-time answer code, logging each as a batch
/// request. Work happens in <see cref="Step"/>, run by a timer from the emulator's <see cref="TimeProvider"/> at
/// the next due moment (a manual clock drives it from tests) and before every read, so a read never sees stale state.
/// Thread-safe.
/// </summary>
internal sealed class BatchEngine : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, BatchJob> _jobs = new(StringComparer.Ordinal);
    private readonly List<BatchJob> _active = [];
    private readonly EmulatorState _state;
    private readonly BatchLifecycle _lifecycle;
    private ITimer? _timer;
    private long _sequence;
    private bool _disposed;

    public BatchEngine(EmulatorState state)
    {
        _state = state;
        _lifecycle = new BatchLifecycle(state, new BatchLineAnswerer(state), () => Logger);
    }

    /// <summary>Set by the web app once its logger exists.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Creates a batch (validating for OpenAI, in progress for Anthropic) and starts its clock.</summary>
    public BatchSnapshot Create(
        string id,
        BatchDescriptor descriptor,
        IReadOnlyList<BatchRequest> requests,
        IReadOnlyList<BatchValidationError> validationErrors,
        Func<BatchSnapshot, BatchOutputFiles>? onEnded = null)
    {
        lock (_gate)
        {
            var options = _state.Options.Current;
            var now = _state.Time.GetUtcNow();
            var window = TimeSpan.FromTicks((long)(BatchDescriptor.Window.Ticks / options.BatchTimeScale));
            var job = new BatchJob(id, ++_sequence, descriptor, requests, validationErrors, now, now + window, onEnded);
            if (descriptor.Validates)
            {
                job.PhaseDueAt = now + options.BatchValidationTime;
            }
            else
            {
                job.InProgressAt = now;
                job.CreditedUntil = now;
            }

            _jobs.Add(id, job);
            _active.Add(job);
            Log.BatchCreated(Logger, descriptor.Provider, id, requests.Count);
            StepLocked(now);
            return BatchSnapshot.Of(job);
        }
    }

    /// <summary>The batch as of now, or null when this provider has no batch with that id.</summary>
    public BatchSnapshot? Get(string id, string provider)
    {
        lock (_gate)
        {
            StepLocked(_state.Time.GetUtcNow());
            return Find(id, provider) is { } job ? BatchSnapshot.Of(job) : null;
        }
    }

    /// <summary>This provider's batches, newest first.</summary>
    public IReadOnlyList<BatchSnapshot> List(string provider)
    {
        lock (_gate)
        {
            StepLocked(_state.Time.GetUtcNow());
            return [.. _jobs.Values.Where(j => j.Descriptor.Provider == provider).OrderByDescending(j => j.Sequence).Select(BatchSnapshot.Of)];
        }
    }

    /// <summary>
    /// Starts cancelling: no new line runs, and after <see cref="EmulatorOptions.BatchCancelTime"/> the batch ends
    /// cancelled with the lines answered so far. Null when the batch is unknown; a snapshot still in its old (terminal)
    /// phase when it can no longer be cancelled; cancelling twice is harmless.
    /// </summary>
    public BatchSnapshot? Cancel(string id, string provider)
    {
        lock (_gate)
        {
            var now = _state.Time.GetUtcNow();
            StepLocked(now);
            if (Find(id, provider) is not { } job)
            {
                return null;
            }

            if (!job.IsTerminal && job.Phase != BatchPhase.Cancelling)
            {
                Log.BatchCancelRequested(Logger, id);
                _lifecycle.StartCancelling(job, now, _state.Options.Current);
                StepLocked(now);
            }

            return BatchSnapshot.Of(job);
        }
    }

    /// <summary>Runs every batch up to now. Timers call it; reads call it first.</summary>
    public void Step()
    {
        lock (_gate)
        {
            StepLocked(_state.Time.GetUtcNow());
        }
    }

    /// <summary>Forgets every batch.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _jobs.Clear();
            _active.Clear();
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private BatchJob? Find(string id, string provider) =>
        _jobs.TryGetValue(id, out var job) && job.Descriptor.Provider == provider ? job : null;

    private void StepLocked(DateTimeOffset now)
    {
        var options = _state.Options.Current;
        foreach (var job in _active)
        {
            _lifecycle.Advance(job, now, options);
        }

        _active.RemoveAll(job => job.IsTerminal);
        Schedule(now, options);
    }

    private void Schedule(DateTimeOffset now, EmulatorOptions options)
    {
        if (_disposed)
        {
            return;
        }

        DateTimeOffset? next = null;
        foreach (var job in _active)
        {
            var due = BatchLifecycle.NextEventAt(job, now, options);
            next = next is null || due < next ? due : next;
        }

        if (next is null)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = next.Value - now;
        _timer ??= _state.Time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        try
        {
            Step();
        }
#pragma warning disable CA1031 // A timer callback must not throw (it would crash the process); the next step retries.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.BatchStepFailed(Logger, exception);
        }
    }
}
