namespace BatchInference.Emulator.Usage;

/// <summary>
/// Failures queued for the next organization-API calls (e.g. two 429s with <c>Retry-After</c>), so clients' retry
/// paths can be tested over HTTP. Thread-safe; each queued failure answers exactly one call.
/// </summary>
internal sealed class UsageFaults
{
    private readonly Queue<UsageFault> _pending = new();

    public void Enqueue(UsageFault fault, int count)
    {
        lock (_pending)
        {
            for (var i = 0; i < count; i++)
            {
                _pending.Enqueue(fault);
            }
        }
    }

    public bool TryTake(out UsageFault fault)
    {
        lock (_pending)
        {
            return _pending.TryDequeue(out fault!);
        }
    }

    public void Clear()
    {
        lock (_pending)
        {
            _pending.Clear();
        }
    }
}
