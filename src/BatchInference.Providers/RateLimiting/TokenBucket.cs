namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// A token bucket on <see cref="TimeProvider"/>: holds up to <c>capacity</c> permits and refills continuously at
/// <c>refillPerSecond</c>. Callers reserve permits in call order; a caller that cannot be served at once takes its permits
/// on credit (the balance goes negative) and waits exactly until the refill has paid for them, so later callers queue
/// behind it: first come, first served. A request for more than the capacity is treated as a request for the whole
/// capacity, so it passes alone once the bucket is full instead of waiting forever.
/// </summary>
internal sealed class TokenBucket
{
    private readonly object _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly double _capacity;
    private readonly double _refillPerSecond;
    private double _balance;
    private long _lastRefill;

    public TokenBucket(double capacity, double refillPerSecond, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(capacity, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(refillPerSecond, 0);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _capacity = capacity;
        _refillPerSecond = refillPerSecond;
        _timeProvider = timeProvider;
        _balance = capacity;
        _lastRefill = timeProvider.GetTimestamp();
    }

    public double Capacity => _capacity;

    /// <summary>Permits available now; negative while waiting callers hold permits on credit.</summary>
    public double Balance
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _balance;
            }
        }
    }

    /// <summary>
    /// Lowers the balance to what the provider says is left, when that is less: the provider's count is the truth, ours
    /// an estimate that drifts (clocks started apart, estimates off). Never raises it.
    /// </summary>
    public void ClampTo(double remaining)
    {
        lock (_gate)
        {
            Refill();
            _balance = Math.Min(_balance, remaining);
        }
    }

    /// <summary>
    /// Takes <paramref name="permits"/> permits, waiting until the bucket can pay for them. Cancelling stops the wait and
    /// gives the reserved permits back.
    /// </summary>
    public ValueTask AcquireAsync(int permits, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permits);
        cancellationToken.ThrowIfCancellationRequested();
        if (permits == 0)
        {
            return ValueTask.CompletedTask;
        }

        var taken = Math.Min(permits, _capacity);
        TimeSpan wait;
        lock (_gate)
        {
            Refill();
            _balance -= taken;
            wait = _balance >= 0
                ? TimeSpan.Zero
                : TimeSpan.FromTicks((long)Math.Ceiling(-_balance / _refillPerSecond * TimeSpan.TicksPerSecond));
        }

        return wait == TimeSpan.Zero ? ValueTask.CompletedTask : WaitAsync(wait, taken, cancellationToken);
    }

    private async ValueTask WaitAsync(TimeSpan wait, double taken, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Hand the reservation back. Callers queued behind keep their computed wait, so they may wait a little longer
            // than needed; never shorter, which is the side that matters for a rate limit.
            lock (_gate)
            {
                Refill();
                _balance = Math.Min(_capacity, _balance + taken);
            }

            throw;
        }
    }

    // Called under _gate.
    private void Refill()
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_lastRefill, now);
        _lastRefill = now;
        _balance = Math.Min(_capacity, _balance + (elapsed.TotalSeconds * _refillPerSecond));
    }
}
