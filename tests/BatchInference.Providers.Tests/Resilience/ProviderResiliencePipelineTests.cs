using BatchInference.Providers.RateLimiting;
using BatchInference.Providers.Resilience;
using BatchInference.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace BatchInference.Providers.Tests.Resilience;

public sealed class ProviderResiliencePipelineTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task Execute_429WithRetryAfter_RetriesExactlyAfterTheHint()
    {
        var pipeline = Build(new ProviderEndpointOptions());
        var calls = 0;

        var run = pipeline.ExecuteAsync(_ =>
        {
            var call = Interlocked.Increment(ref calls);
            return ValueTask.FromResult(call == 1 ? Response(429, retryAfter: TimeSpan.FromSeconds(2)) : Response(200));
        }).AsTask();

        await Poll.UntilAsync(() => _clock.PendingTimers == 1, "the retry delay to start");
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(1, Volatile.Read(ref calls));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Execute_503WithoutHint_BacksOffExponentially()
    {
        var pipeline = Build(new ProviderEndpointOptions { BaseRetryDelay = TimeSpan.FromSeconds(1) }, random: 1);
        var calls = 0;

        var run = pipeline.ExecuteAsync(_ =>
            ValueTask.FromResult(Interlocked.Increment(ref calls) <= 2 ? Response(503) : Response(200))).AsTask();

        await Poll.UntilAsync(() => _clock.PendingTimers == 1, "the first retry delay");
        _clock.Advance(TimeSpan.FromSeconds(1)); // 1st retry: base * 2^0 at full jitter
        await Poll.UntilAsync(() => Volatile.Read(ref calls) == 2 && _clock.PendingTimers == 1, "the second retry delay");
        _clock.Advance(TimeSpan.FromMilliseconds(1999)); // 2nd retry: base * 2^1
        Assert.Equal(2, Volatile.Read(ref calls));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(200, (await run.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Execute_NonRetryable4xx_ReturnsAfterOneCall(int status)
    {
        var pipeline = Build(new ProviderEndpointOptions());
        var calls = 0;

        var result = await pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult(Response(status));
        });

        Assert.Equal(status, result.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Execute_AttemptExceedsTimeout_TimesOutOnTheManualClock()
    {
        var pipeline = Build(new ProviderEndpointOptions { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(30) });

        var run = pipeline.ExecuteAsync(async ct =>
        {
            await new TaskCompletionSource().Task.WaitAsync(ct); // hangs until the timeout cancels it
            return Response(200);
        }).AsTask();

        await Poll.UntilAsync(() => _clock.PendingTimers == 1, "the attempt timer");
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Execute_RepeatedServerErrors_OpenTheCircuit()
    {
        var pipeline = Build(new ProviderEndpointOptions { MaxAttempts = 1, CircuitBreakerMinimumThroughput = 2 });
        var calls = 0;
        ValueTask<ProviderResponse> Fail(CancellationToken _)
        {
            calls++;
            return ValueTask.FromResult(Response(500));
        }

        await pipeline.ExecuteAsync(Fail);
        await pipeline.ExecuteAsync(Fail);

        await Assert.ThrowsAsync<BrokenCircuitException>(() => pipeline.ExecuteAsync(Fail).AsTask());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Execute_Repeated429s_DoNotOpenTheCircuit()
    {
        var pipeline = Build(new ProviderEndpointOptions { MaxAttempts = 1, CircuitBreakerMinimumThroughput = 2 });

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(429, (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Response(429)))).StatusCode);
        }

        Assert.Equal(200, (await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Response(200)))).StatusCode);
    }

    [Fact]
    public async Task Execute_RateLimiterPaused_AttemptWaitsOutsideTheTimeout()
    {
        var limiter = new ProviderRateLimiter(0, 0, TimeSpan.FromSeconds(10), _clock);
        var pipeline = Build(new ProviderEndpointOptions { MaxAttempts = 1, RequestTimeout = TimeSpan.FromSeconds(1) }, limiter: limiter);
        limiter.PauseUntil(_clock.GetUtcNow() + TimeSpan.FromSeconds(5));
        var calls = 0;

        var run = pipeline.ExecuteAsync(_ =>
        {
            calls++;
            return ValueTask.FromResult(Response(200));
        }).AsTask();

        await Poll.UntilAsync(() => _clock.PendingTimers == 1, "the pause wait");
        _clock.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(0, calls);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(200, (await run.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode); // waited 5 s, yet no 1 s timeout
        Assert.Equal(1, calls);
    }

    private ResiliencePipeline<ProviderResponse> Build(ProviderEndpointOptions options, double random = 0, ProviderRateLimiter? limiter = null) =>
        ProviderResiliencePipeline.Build(
            options,
            limiter ?? new ProviderRateLimiter(0, 0, TimeSpan.FromSeconds(10), _clock),
            _clock,
            NullLogger.Instance,
            () => random);

    private static ProviderResponse Response(int status, TimeSpan? retryAfter = null) =>
        new(status, ReadOnlyMemory<byte>.Empty, "req_1", RateLimitHints.None with { RetryAfter = retryAfter });
}
