namespace BatchInference.Workers.Timing;

/// <summary>
/// The wait between receives that found nothing: 100 ms right after work (more is probably coming), doubling on each
/// further empty receive up to the idle interval, so an idle worker costs few requests and a busy one reacts fast.
/// Not thread-safe: one receive loop owns it.
/// </summary>
internal sealed class IdlePollDelay
{
    /// <summary>The first wait after work.</summary>
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);

    private readonly TimeSpan _max;
    private TimeSpan _next;

    public IdlePollDelay(TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(max, TimeSpan.Zero);
        _max = max;
        _next = Start;
    }

    private TimeSpan Start => First < _max ? First : _max;

    /// <summary>The wait after an empty receive; the next one will be twice as long, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var current = _next;
        _next = current * 2 < _max ? current * 2 : _max;
        return current;
    }

    /// <summary>Work arrived: start over at the shortest wait.</summary>
    public void Reset() => _next = Start;
}
