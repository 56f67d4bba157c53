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
        var timer = new TrackedTimer(this, callback, period);
        // Counted only once the base has armed it: a test that sees it pending and advances the clock at once must
        // find it armed. (Counted first, an Advance in between moved time past a timer the base did not have yet, so
        // it never fired: the Anthropic usage retry test hung on a loaded machine.) A timer that fired meanwhile, as a
        // zero due time does inside base.CreateTimer, is not counted.
        timer.Inner = base.CreateTimer(timer.Fire, state, dueTime, period);
        timer.Armed(dueTime);
        return timer;
    }

    private sealed class TrackedTimer(ManualClock owner, TimerCallback callback, TimeSpan period) : ITimer
    {
        // All three change under the owner's lock, so Fire and Armed racing (an Advance on another thread while the
        // timer is armed) end with the count right.
        private bool _periodic = period > TimeSpan.Zero; // FakeTimeProvider treats a zero or infinite period as one-shot
        private bool _fired;
        private bool _disposed;

        public ITimer? Inner { get; set; }

        public void Armed(TimeSpan dueTime)
        {
            lock (owner._gate)
            {
                _ = dueTime != Timeout.InfiniteTimeSpan && (!_fired || _periodic) && !_disposed ? owner._waiting.Add(this) : owner._waiting.Remove(this);
            }
        }

        public void Fire(object? state)
        {
            lock (owner._gate)
            {
                _fired = true;
                if (!_periodic)
                {
                    owner._waiting.Remove(this);
                }
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _fired = false;
                _periodic = period > TimeSpan.Zero;
                owner._waiting.Remove(this);
            }

            var changed = Inner!.Change(dueTime, period);
            Armed(dueTime);
            return changed;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                owner._waiting.Remove(this);
            }

            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
