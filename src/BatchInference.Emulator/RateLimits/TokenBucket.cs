namespace BatchInference.Emulator.RateLimits;

/// <summary>
/// A bucket holding up to <see cref="Capacity"/> units that refills continuously, the whole capacity per window,
/// which is how OpenAI describes its per-minute limits. Not thread-safe; <see cref="RequestRateLimiter"/> locks.
/// </summary>
internal sealed class TokenBucket
{
    // Refill arithmetic is in doubles; this keeps "exactly refilled" from reading as 0.9999999.
    private const double Tolerance = 1e-9;

    private TimeSpan _window;
    private double _level;
    private long _lastTimestamp;

    public int Capacity { get; private set; }

    public bool Unlimited => Capacity == 0;

    public int Remaining => (int)Math.Floor(_level + Tolerance);

    /// <summary>Sets the limits; a change of limit or window starts over with a full bucket.</summary>
    public void Configure(int capacity, TimeSpan window, long timestamp)
    {
        if (capacity == Capacity && window == _window)
        {
            return;
        }

        Capacity = capacity;
        _window = window;
        _level = capacity;
        _lastTimestamp = timestamp;
    }

    public void Refill(long timestamp, TimeProvider time)
    {
        if (Unlimited)
        {
            return;
        }

        var elapsed = time.GetElapsedTime(_lastTimestamp, timestamp);
        _lastTimestamp = timestamp;
        if (elapsed > TimeSpan.Zero)
        {
            _level = Math.Min(Capacity, _level + (elapsed.Ticks * (double)Capacity / _window.Ticks));
        }
    }

    public bool Holds(int amount) => Unlimited || _level + Tolerance >= amount;

    public void Take(int amount)
    {
        if (!Unlimited)
        {
            _level -= amount;
        }
    }

    /// <summary>How long until the bucket holds <paramref name="amount"/> units (zero if it already does).</summary>
    public TimeSpan TimeUntil(double amount)
    {
        if (Unlimited || _level + Tolerance >= amount)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromTicks((long)Math.Ceiling((amount - _level) * _window.Ticks / Capacity));
    }

    /// <summary>How long until the bucket is full again: OpenAI's <c>x-ratelimit-reset-*</c>.</summary>
    public TimeSpan TimeUntilFull() => TimeUntil(Capacity);

    public void Reset(long timestamp)
    {
        _level = Capacity;
        _lastTimestamp = timestamp;
    }
}
