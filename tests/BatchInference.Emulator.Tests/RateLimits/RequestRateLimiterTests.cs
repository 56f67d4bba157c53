using BatchInference.Emulator.RateLimits;
using Microsoft.Extensions.Time.Testing;

namespace BatchInference.Emulator.Tests.RateLimits;

public sealed class RequestRateLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void TryAcquire_BeyondRequestLimit_RejectsUntilOneRequestRefills()
    {
        var limiter = new RequestRateLimiter(_clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAcquire(10, 3, 0, Window).Allowed);
        }

        var rejected = limiter.TryAcquire(10, 3, 0, Window);
        _clock.Advance(TimeSpan.FromSeconds(19));
        var stillRejected = limiter.TryAcquire(10, 3, 0, Window);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var admitted = limiter.TryAcquire(10, 3, 0, Window);

        Assert.Equal(RateLimitKind.Requests, rejected.Rejection);
        Assert.Equal(TimeSpan.FromSeconds(20), rejected.RetryAfter);
        Assert.Equal(new RateLimitBucketState(3, 0, Window), rejected.Requests);
        Assert.Null(rejected.Tokens);
        Assert.Equal(RateLimitKind.Requests, stillRejected.Rejection);
        Assert.True(admitted.Allowed);
    }

    [Fact]
    public void TryAcquire_BeyondTokenLimit_RejectsWithWaitForTheMissingTokens()
    {
        var limiter = new RequestRateLimiter(_clock);
        Assert.True(limiter.TryAcquire(900, 0, 1000, Window).Allowed);

        var rejected = limiter.TryAcquire(400, 0, 1000, Window);
        _clock.Advance(rejected.RetryAfter);
        var admitted = limiter.TryAcquire(400, 0, 1000, Window);

        Assert.Equal(RateLimitKind.Tokens, rejected.Rejection);
        Assert.Equal(TimeSpan.FromSeconds(18), rejected.RetryAfter);
        Assert.Equal(100, rejected.Tokens!.Remaining);
        Assert.True(admitted.Allowed);
        Assert.Equal(0, admitted.Tokens!.Remaining);
    }

    [Fact]
    public void TryAcquire_RejectedRequest_TakesNothingFromEitherBucket()
    {
        var limiter = new RequestRateLimiter(_clock);
        Assert.True(limiter.TryAcquire(50, 10, 100, Window).Allowed);

        var rejected = limiter.TryAcquire(60, 10, 100, Window);

        Assert.Equal(RateLimitKind.Tokens, rejected.Rejection);
        Assert.Equal(9, rejected.Requests!.Remaining);
        Assert.Equal(50, rejected.Tokens!.Remaining);
    }

    [Fact]
    public void TryAcquire_MoreTokensThanTheLimit_RejectsAsTooLarge()
    {
        var limiter = new RequestRateLimiter(_clock);

        var decision = limiter.TryAcquire(1001, 0, 1000, Window);

        Assert.Equal(RateLimitKind.RequestTooLarge, decision.Rejection);
        Assert.Equal(1000, decision.Tokens!.Remaining);
    }

    [Fact]
    public void TryAcquire_Unlimited_AlwaysAdmitsWithoutBucketState()
    {
        var limiter = new RequestRateLimiter(_clock);

        var decisions = Enumerable.Range(0, 1000).Select(_ => limiter.TryAcquire(1_000_000, 0, 0, Window)).ToList();

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.All(decisions, d => Assert.Null(d.Requests));
    }

    [Fact]
    public void TryAcquire_ShortWindow_RefillsTheWholeLimitWithinTheWindow()
    {
        var limiter = new RequestRateLimiter(_clock);
        var second = TimeSpan.FromSeconds(1);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(limiter.TryAcquire(1, 5, 0, second).Allowed);
        }

        Assert.False(limiter.TryAcquire(1, 5, 0, second).Allowed);
        _clock.Advance(second);

        Assert.Equal(5, Enumerable.Range(0, 6).Count(_ => limiter.TryAcquire(1, 5, 0, second).Allowed));
    }

    [Fact]
    public void Reset_AfterExhaustion_RefillsBothBuckets()
    {
        var limiter = new RequestRateLimiter(_clock);
        Assert.True(limiter.TryAcquire(100, 1, 100, Window).Allowed);
        Assert.False(limiter.TryAcquire(100, 1, 100, Window).Allowed);

        limiter.Reset();

        Assert.True(limiter.TryAcquire(100, 1, 100, Window).Allowed);
    }
}
