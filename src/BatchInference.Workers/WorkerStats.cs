using System.Globalization;

namespace BatchInference.Workers;

/// <summary>Running counts of what a <see cref="WorkerHost"/> did since it started. Thread-safe; each read is a
/// moment's value.</summary>
public sealed class WorkerStats
{
    private long _received;
    private long _completed;
    private long _rescheduled;
    private long _failed;
    private long _poisoned;
    private long _lockLost;
    private int _running;

    /// <summary>Messages received, poison ones included.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages whose handler returned <see cref="WorkOutcome.Done"/> and that were completed.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Messages whose handler returned <see cref="WorkOutcome.RunAgainAfter"/> and whose delayed copy was sent.</summary>
    public long Rescheduled => Interlocked.Read(ref _rescheduled);

    /// <summary>Handler attempts that failed (threw, or their outcome could not be carried out); each was abandoned
    /// with a back-off delay.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Messages moved to the poison queue.</summary>
    public long Poisoned => Interlocked.Read(ref _poisoned);

    /// <summary>Messages whose lock was lost (renewal or settling found it gone); they were left to their new owner.</summary>
    public long LockLost => Interlocked.Read(ref _lockLost);

    /// <summary>Handlers running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"received {Received}, completed {Completed}, rescheduled {Rescheduled}, failed {Failed}, poisoned {Poisoned}, lock lost {LockLost}, running {Running}");

    internal void AddReceived(int count) => Interlocked.Add(ref _received, count);

    internal void AddCompleted() => Interlocked.Increment(ref _completed);

    internal void AddRescheduled() => Interlocked.Increment(ref _rescheduled);

    internal void AddFailed() => Interlocked.Increment(ref _failed);

    internal void AddPoisoned() => Interlocked.Increment(ref _poisoned);

    internal void AddLockLost() => Interlocked.Increment(ref _lockLost);

    internal void AddRunning(int delta) => Interlocked.Add(ref _running, delta);
}
