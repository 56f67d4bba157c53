using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts the timers waiting on it (FakeTimeProvider keeps its own list
/// private), so a test can wait until a component is parked on a delay before it advances the clock.
/// </summary>
public sealed class ManualClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<TrackedTimer> _waiting = [];

    /// <summary>Starts at FakeTimeProvider's default, 2000-01-01 UTC.</summary>
    public ManualClock()
    {
    }

    public ManualClock(DateTimeOffset start)
        : base(start)
    {
    }

    /// <summary>Timers that will fire when the clock reaches their due time: armed, not yet fired once, not disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, callback);
        // Tracked before the base creates it: a zero due time fires inside base.CreateTimer.
        timer.Track(dueTime, period);
        timer.Inner = base.CreateTimer(timer.Fire, state, dueTime, period);
        return timer;
    }

    private void SetWaiting(TrackedTimer timer, bool waiting)
    {
        lock (_gate)
        {
            _ = waiting ? _waiting.Add(timer) : _waiting.Remove(timer);
        }
    }

    private sealed class TrackedTimer(ManualClock owner, TimerCallback callback) : ITimer
    {
        private volatile bool _periodic;
        private volatile bool _disposed;

        public ITimer? Inner { get; set; }

        // FakeTimeProvider treats a zero or infinite period as a one-shot timer.
        public void Track(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period > TimeSpan.Zero;
            owner.SetWaiting(this, dueTime != Timeout.InfiniteTimeSpan);
        }

        public void Fire(object? state)
        {
            if (!_periodic)
            {
                owner.SetWaiting(this, false);
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            Track(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            _disposed = true;
            owner.SetWaiting(this, false);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
