using System.Diagnostics;

namespace BatchInference.Bench.JobMemory;

/// <summary>
/// Samples this process's working set and managed heap every 100 ms and keeps the maximum per named phase.
/// <see cref="Process.PeakWorkingSet64"/> cannot do this: it only ever grows, so a phase after a hungry one would
/// inherit its peak.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly List<PhaseMemory> _finished = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private PhaseMemory _current;
    private long _phaseStarted;
    private long _allocatedAtStart;

    public MemorySampler(string firstPhase)
    {
        _current = Start(firstPhase);
        _loop = LoopAsync(_stop.Token);
    }

    /// <summary>The phase being sampled.</summary>
    public string Phase
    {
        get
        {
            lock (_lock)
            {
                return _current.Name;
            }
        }
    }

    /// <summary>The latest working set sample, in bytes.</summary>
    public long WorkingSet { get; private set; }

    /// <summary>Closes the current phase (with a last sample) and starts sampling <paramref name="phase"/>.</summary>
    public void Enter(string phase)
    {
        lock (_lock)
        {
            _finished.Add(Close());
            _current = Start(phase);
        }
    }

    /// <summary>Closes the current phase and returns every phase, in order.</summary>
    public IReadOnlyList<PhaseMemory> Finish()
    {
        lock (_lock)
        {
            _finished.Add(Close());
            _current = Start("after");
            return [.. _finished];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _self.Dispose();
    }

    private PhaseMemory Start(string phase)
    {
        _phaseStarted = Stopwatch.GetTimestamp();
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
        var started = new PhaseMemory(phase, 0, 0, 0, 0);
        return Sample(started);
    }

    private PhaseMemory Close() => Sample(_current) with
    {
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false) - _allocatedAtStart,
        Seconds = Stopwatch.GetElapsedTime(_phaseStarted).TotalSeconds,
    };

    private PhaseMemory Sample(PhaseMemory phase)
    {
        _self.Refresh();
        WorkingSet = _self.WorkingSet64;
        return phase with
        {
            PeakWorkingSetBytes = Math.Max(phase.PeakWorkingSetBytes, WorkingSet),
            PeakManagedHeapBytes = Math.Max(phase.PeakManagedHeapBytes, GC.GetTotalMemory(forceFullCollection: false)),
        };
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            lock (_lock)
            {
                _current = Sample(_current);
            }
        }
    }
}
