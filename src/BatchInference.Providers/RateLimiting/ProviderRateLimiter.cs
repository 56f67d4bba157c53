namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// The client-side limits of one provider: a request bucket (RPM) and a token bucket (TPM), each optional, plus a pause
/// the provider can impose through 429s and exhausted <c>x-ratelimit-remaining-*</c> headers.
/// </summary>
internal sealed class ProviderRateLimiter
{
    private readonly object _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly TokenBucket? _requests;
    private readonly TokenBucket? _tokens;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;

    public ProviderRateLimiter(int requestsPerMinute, int tokensPerMinute, TimeSpan burst, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _requests = CreateBucket(requestsPerMinute, burst, timeProvider);
        _tokens = CreateBucket(tokensPerMinute, burst, timeProvider);
    }

    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>
    /// Waits for any provider-imposed pause, then for one request permit and <paramref name="estimatedTokens"/> token
    /// permits. Cancelling stops the wait.
    /// </summary>
    public async ValueTask AcquireAsync(int estimatedTokens, CancellationToken cancellationToken = default)
    {
        await WaitOutPauseAsync(cancellationToken).ConfigureAwait(false);
        if (_requests is not null)
        {
            await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }

        if (_tokens is not null)
        {
            await _tokens.AcquireAsync(estimatedTokens, cancellationToken).ConfigureAwait(false);
        }

        // A 429 may have arrived while we queued for permits.
        await WaitOutPauseAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when this limiter paces requests itself (a request bucket is configured).</summary>
    public bool PacesRequests => _requests is not null;

    /// <summary>True when this limiter paces tokens itself (a token bucket is configured).</summary>
    public bool PacesTokens => _tokens is not null;

    /// <summary>Aligns the buckets with what the provider reports as remaining (only ever down).</summary>
    /// <param name="hints">The response's rate-limit headers.</param>
    public void Observe(RateLimitHints hints)
    {
        if (hints.RemainingRequests is { } requests)
        {
            _requests?.ClampTo(requests);
        }

        if (hints.RemainingTokens is { } tokens)
        {
            _tokens?.ClampTo(tokens);
        }
    }

    /// <summary>Holds every sender until <paramref name="until"/>; never shortens an existing pause.</summary>
    /// <returns>True when no pause was in force before, i.e. this call started one (worth logging once).</returns>
    public bool PauseUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            var started = _pausedUntil <= _timeProvider.GetUtcNow();
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
                return started;
            }

            return false;
        }
    }

    private async ValueTask WaitOutPauseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = PausedUntil - _timeProvider.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TokenBucket? CreateBucket(int perMinute, TimeSpan burst, TimeProvider timeProvider)
    {
        if (perMinute <= 0)
        {
            return null;
        }

        var capacity = Math.Max(1, perMinute * (burst / TimeSpan.FromMinutes(1)));
        return new TokenBucket(capacity, perMinute / 60.0, timeProvider);
    }
}
