using BatchInference.Providers.RateLimiting;
using BatchInference.Testing;

namespace BatchInference.Providers.Tests.RateLimiting;

public sealed class ProviderRateLimiterTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void AcquireAsync_NoLimits_CompletesAtOnce()
    {
        var limiter = new ProviderRateLimiter(0, 0, TimeSpan.FromSeconds(10), _clock);

        Assert.True(limiter.AcquireAsync(1_000_000).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AcquireAsync_RequestBudgetSpent_WaitsForRefill()
    {
        // 60 RPM with a 10 s burst: 10 requests at once, then one per second.
        var limiter = new ProviderRateLimiter(60, 0, TimeSpan.FromSeconds(10), _clock);
        for (var i = 0; i < 10; i++)
        {
            await limiter.AcquireAsync(1);
        }

        var eleventh = limiter.AcquireAsync(1).AsTask();

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(eleventh.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await eleventh.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task AcquireAsync_TokenBudgetSpent_WaitsForTokens()
    {
        // 6000 TPM = 100 tokens/s; a 10 s burst holds 1000.
        var limiter = new ProviderRateLimiter(0, 6000, TimeSpan.FromSeconds(10), _clock);
        await limiter.AcquireAsync(1000);

        var next = limiter.AcquireAsync(250).AsTask();

        _clock.Advance(TimeSpan.FromMilliseconds(2499));
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task AcquireAsync_WhilePaused_WaitsUntilPauseEnds()
    {
        var limiter = new ProviderRateLimiter(0, 0, TimeSpan.FromSeconds(10), _clock);
        Assert.True(limiter.PauseUntil(_clock.GetUtcNow() + TimeSpan.FromSeconds(3)));

        var waiting = limiter.AcquireAsync(1).AsTask();

        _clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task PauseUntil_ExtendedWhileWaiting_WaiterHonoursTheLaterEnd()
    {
        var limiter = new ProviderRateLimiter(0, 0, TimeSpan.FromSeconds(10), _clock);
        var start = _clock.GetUtcNow();
        limiter.PauseUntil(start + TimeSpan.FromSeconds(1));
        var waiting = limiter.AcquireAsync(1).AsTask();

        Assert.False(limiter.PauseUntil(start + TimeSpan.FromSeconds(2))); // extends an active pause: not a new one
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => _clock.PendingTimers == 1, "the waiter to park on the extended pause");
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public void PauseUntil_EarlierThanCurrentPause_DoesNotShortenIt()
    {
        var limiter = new ProviderRateLimiter(0, 0, TimeSpan.FromSeconds(10), _clock);
        var start = _clock.GetUtcNow();
        limiter.PauseUntil(start + TimeSpan.FromSeconds(5));

        Assert.False(limiter.PauseUntil(start + TimeSpan.FromSeconds(1)));
        Assert.Equal(start + TimeSpan.FromSeconds(5), limiter.PausedUntil);
    }
}
