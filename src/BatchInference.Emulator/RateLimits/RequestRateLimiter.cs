namespace BatchInference.Emulator.RateLimits;

/// <summary>
/// The RPM and TPM buckets of the emulated organisation (one pair shared by every model). A request is admitted only
/// when both buckets hold it, and then takes from both; a refused request takes nothing.
/// </summary>
internal sealed class RequestRateLimiter(TimeProvider timeProvider)
{
    private readonly object _gate = new();
    private readonly TokenBucket _requests = new();
    private readonly TokenBucket _tokens = new();

    public RateLimitDecision TryAcquire(int tokenCost, int requestsPerWindow, int tokensPerWindow, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokenCost);
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            _requests.Configure(requestsPerWindow, window, now);
            _tokens.Configure(tokensPerWindow, window, now);
            _requests.Refill(now, timeProvider);
            _tokens.Refill(now, timeProvider);

            RateLimitKind rejection;
            var retryAfter = TimeSpan.Zero;
            if (!_tokens.Unlimited && tokenCost > _tokens.Capacity)
            {
                rejection = RateLimitKind.RequestTooLarge;
            }
            else if (!_requests.Holds(1) || !_tokens.Holds(tokenCost))
            {
                rejection = _requests.Holds(1) ? RateLimitKind.Tokens : RateLimitKind.Requests;

                // Come back when both buckets hold the request, not just the one that was reported.
                var requestWait = _requests.TimeUntil(1);
                var tokenWait = _tokens.TimeUntil(tokenCost);
                retryAfter = requestWait > tokenWait ? requestWait : tokenWait;
            }
            else
            {
                rejection = RateLimitKind.None;
                _requests.Take(1);
                _tokens.Take(tokenCost);
            }

            return new RateLimitDecision(rejection, retryAfter, Describe(_requests), Describe(_tokens), tokenCost);
        }
    }

    /// <summary>Refills both buckets.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            var now = timeProvider.GetTimestamp();
            _requests.Reset(now);
            _tokens.Reset(now);
        }
    }

    private static RateLimitBucketState? Describe(TokenBucket bucket) =>
        bucket.Unlimited ? null : new RateLimitBucketState(bucket.Capacity, bucket.Remaining, bucket.TimeUntilFull());
}
