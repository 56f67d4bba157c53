using BatchInference.Providers.RateLimiting;
using BatchInference.Testing;

namespace BatchInference.Providers.Tests.RateLimiting;

public sealed class TokenBucketTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void AcquireAsync_WithinCapacity_CompletesAtOnce()
    {
        var bucket = new TokenBucket(capacity: 10, refillPerSecond: 1, _clock);

        var acquired = bucket.AcquireAsync(10);

        Assert.True(acquired.IsCompletedSuccessfully);
        Assert.Equal(0, bucket.Balance, precision: 9);
    }

    [Fact]
    public void ClampTo_ProviderReportsLess_LowersTheBalanceButNeverRaisesIt()
    {
        var bucket = new TokenBucket(capacity: 10, refillPerSecond: 1, _clock);

        bucket.ClampTo(3);
        var afterClamp = bucket.Balance;
        bucket.ClampTo(8);

        Assert.Equal(3, afterClamp, precision: 9);
        Assert.Equal(3, bucket.Balance, precision: 9);
    }

    [Fact]
    public async Task ClampTo_Zero_NextPermitWaitsForOneRefillNotAFullBucket()
    {
        var bucket = new TokenBucket(capacity: 10, refillPerSecond: 2, _clock);
        bucket.ClampTo(0);

        var waiting = bucket.AcquireAsync(1).AsTask();
        _clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await waiting;
    }

    [Fact]
    public async Task AcquireAsync_BucketEmpty_WaitsExactlyUntilRefilled()
    {
        var bucket = new TokenBucket(capacity: 10, refillPerSecond: 2, _clock);
        await bucket.AcquireAsync(10);

        var waiting = bucket.AcquireAsync(3).AsTask(); // 3 permits at 2/s = 1.5 s

        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, _clock.PendingTimers);
        _clock.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task AcquireAsync_PartlyRefilled_WaitsOnlyForTheShortfall()
    {
        var bucket = new TokenBucket(capacity: 4, refillPerSecond: 1, _clock);
        await bucket.AcquireAsync(4);
        _clock.Advance(TimeSpan.FromSeconds(1)); // 1 permit back

        var waiting = bucket.AcquireAsync(3).AsTask(); // needs 2 more: 2 s

        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task AcquireAsync_SeveralWaiters_ServedInCallOrder()
    {
        var bucket = new TokenBucket(capacity: 2, refillPerSecond: 1, _clock);
        await bucket.AcquireAsync(2);

        var first = bucket.AcquireAsync(2).AsTask();  // due at 2 s
        var second = bucket.AcquireAsync(1).AsTask(); // queued behind: due at 3 s, although 1 permit alone would take 1 s

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await first.WaitAsync(Poll.HangGuard);
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task AcquireAsync_MoreThanCapacityOnFullBucket_PassesAloneAtOnce()
    {
        var bucket = new TokenBucket(capacity: 100, refillPerSecond: 10, _clock);

        var oversize = bucket.AcquireAsync(5_000);
        var next = bucket.AcquireAsync(1).AsTask();

        Assert.True(oversize.IsCompletedSuccessfully);
        Assert.False(next.IsCompleted); // the oversize request emptied the bucket
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        await next.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task AcquireAsync_MoreThanCapacityOnPartialBucket_WaitsUntilFullThenPasses()
    {
        var bucket = new TokenBucket(capacity: 100, refillPerSecond: 10, _clock);
        await bucket.AcquireAsync(50);

        var oversize = bucket.AcquireAsync(1_000).AsTask(); // capped at 100: needs 50 more = 5 s

        _clock.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(oversize.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await oversize.WaitAsync(Poll.HangGuard);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ThrowsAndReturnsPermits()
    {
        var bucket = new TokenBucket(capacity: 10, refillPerSecond: 1, _clock);
        await bucket.AcquireAsync(10);
        using var cancellation = new CancellationTokenSource();

        var waiting = bucket.AcquireAsync(5, cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, _clock.PendingTimers);
        Assert.Equal(0, bucket.Balance, precision: 9); // the 5 reserved permits came back
    }

    [Fact]
    public async Task AcquireAsync_AlreadyCancelled_ThrowsWithoutTakingPermits()
    {
        var bucket = new TokenBucket(capacity: 10, refillPerSecond: 1, _clock);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => bucket.AcquireAsync(1, new CancellationToken(canceled: true)).AsTask());
        Assert.Equal(10, bucket.Balance, precision: 9);
    }
}
