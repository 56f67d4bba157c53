namespace BatchInference.Emulator;

/// <summary>
/// Every request the emulator answered on its provider API (admin and health endpoints excluded), in the order their
/// answers started. A request is recorded before its response leaves, so a client holding an answer always finds its
/// record here. Thread-safe; tests use it to prove nothing was paid twice.
/// </summary>
public sealed class EmulatorRequestLog
{
    private readonly object _gate = new();
    private readonly List<EmulatorRequestRecord> _records = [];
    private int _billableCount;

    /// <summary>Number of successful (2xx) model calls recorded: what a provider would charge for.</summary>
    public int BillableCount
    {
        get
        {
            lock (_gate)
            {
                return _billableCount;
            }
        }
    }

    /// <summary>A copy of the records so far.</summary>
    public IReadOnlyList<EmulatorRequestRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }

    /// <summary>Forgets every record.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
            _billableCount = 0;
        }
    }

    internal void Add(EmulatorRequestRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
            if (record.Billable)
            {
                _billableCount++;
            }
        }
    }
}
