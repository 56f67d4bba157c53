namespace BatchInference.Emulator.Hosting;

/// <summary>
/// The options in force right now. Readers get an immutable snapshot (never mutate it); a change copies the
/// snapshot, applies the change, validates and swaps, so a request never sees half a reconfiguration.
/// </summary>
internal sealed class EmulatorRuntimeOptions
{
    private readonly object _gate = new();
    private EmulatorOptions _current;

    public EmulatorRuntimeOptions(EmulatorOptions initial)
    {
        var snapshot = initial.Clone();
        snapshot.Validate();
        _current = snapshot;
    }

    public EmulatorOptions Current => Volatile.Read(ref _current);

    /// <summary>Applies <paramref name="change"/>; throws <see cref="ArgumentException"/> and keeps the old options when the result is invalid.</summary>
    public void Update(Action<EmulatorOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var next = _current.Clone();
            change(next);
            if (!string.Equals(next.Host, _current.Host, StringComparison.Ordinal) || next.Port != _current.Port)
            {
                throw new ArgumentException("Host and Port cannot change while the emulator runs; start a new server.", nameof(change));
            }

            next.Validate();
            Volatile.Write(ref _current, next);
        }
    }
}
