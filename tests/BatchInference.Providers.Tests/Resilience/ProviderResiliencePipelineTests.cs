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
    private readonly ManualClock _clock = new();
    private readonly ProviderHealth _health = new();

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
        var result = await run.WaitAsync(Poll.HangGuard);
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
        Assert.Equal(200, (await run.WaitAsync(Poll.HangGuard)).StatusCode);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
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
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => run.WaitAsync(Poll.HangGuard));
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
        Assert.Equal(200, (await run.WaitAsync(Poll.HangGuard)).StatusCode); // waited 5 s, yet no 1 s timeout
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Execute_PatientLineMeetsAnOpenCircuit_WaitsForTheProbeInsteadOfFailing()
    {
        var options = new ProviderEndpointOptions { MaxAttempts = 1, CircuitBreakerMinimumThroughput = 2, CircuitBreakerFirstBreakDuration = TimeSpan.FromSeconds(2) };
        var pipeline = Build(options);
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Response(500))); // two other lines fail: the circuit opens
        await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Response(500)));
        var calls = 0;

        var run = ExecutePatientAsync(pipeline, new LineAttempts(_clock.GetUtcNow() + TimeSpan.FromHours(1)), () =>
        {
            calls++;
            return Response(200);
        });

        await Poll.UntilAsync(() => _clock.PendingTimers == 1, "the line to wait for the circuit");
        Assert.Equal(0, calls);
        _clock.Advance(TimeSpan.FromSeconds(2)); // the break ends: this line is the probe
        Assert.Equal(200, (await run.WaitAsync(Poll.HangGuard)).StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Execute_PatientLineInAnOutage_SpendsNoAttemptsAndStopsAtTheDeadline()
    {
        // Every line fails: the failures are the provider's, not this line's, so its 2 attempts are never used up; the
        // deadline ends it.
        var options = new ProviderEndpointOptions { MaxAttempts = 2, CircuitBreakerMinimumThroughput = 1000, BaseRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(1) };
        var pipeline = Build(options, random: 1);
        for (var i = 0; i < 10; i++)
        {
            _health.Record(new object(), failed: true, "HTTP 503"); // ten other lines failed just before
        }

        var line = new LineAttempts(_clock.GetUtcNow() + TimeSpan.FromSeconds(5.5));
        var calls = 0;
        var run = ExecutePatientAsync(pipeline, line, () =>
        {
            calls++;
            return Response(503);
        });

        for (var expected = 1; expected <= 5; expected++)
        {
            await Poll.UntilAsync(() => Volatile.Read(ref calls) == expected && _clock.PendingTimers == 1, $"attempt {expected} and its back-off");
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var result = await run.WaitAsync(Poll.HangGuard);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(6, calls); // far more than MaxAttempts: the outage cost no attempts
        Assert.Equal(LineStop.Deadline, line.Stop);
    }

    [Fact]
    public async Task Execute_OneLineFailsWhileOthersSucceed_ItsRetriesDoNotOpenTheCircuit()
    {
        var options = new ProviderEndpointOptions { MaxAttempts = 4, CircuitBreakerMinimumThroughput = 4, BaseRetryDelay = TimeSpan.Zero };
        var pipeline = Build(options);
        var patient = () => new LineAttempts(_clock.GetUtcNow() + TimeSpan.FromHours(1));
        await ExecutePatientAsync(pipeline, patient(), () => Response(200));
        await ExecutePatientAsync(pipeline, patient(), () => Response(200));
        var poison = patient();

        var failed = await ExecutePatientAsync(pipeline, poison, () => Response(500));

        Assert.Equal(500, failed.StatusCode);
        Assert.Equal(4, poison.Attempts); // its own failures: every one counted against it
        Assert.Equal(LineStop.Exhausted, poison.Stop);
        Assert.Equal(200, (await ExecutePatientAsync(pipeline, patient(), () => Response(200))).StatusCode); // the circuit stayed closed
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 4)]
    [InlineData(3, 16)]
    [InlineData(4, 30)]
    [InlineData(40, 30)]
    public void BreakDuration_DoublesWithEachFailedProbeUpToTheCap(int failedProbes, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ProviderResiliencePipeline.BreakDuration(new ProviderEndpointOptions(), failedProbes));

    private static async Task<ProviderResponse> ExecutePatientAsync(ResiliencePipeline<ProviderResponse> pipeline, LineAttempts line, Func<ProviderResponse> answer)
    {
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(LineAttempts.Key, line);
        try
        {
            return await pipeline.ExecuteAsync(static (_, a) => ValueTask.FromResult(a()), context, answer);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline<ProviderResponse> Build(ProviderEndpointOptions options, double random = 0, ProviderRateLimiter? limiter = null) =>
        ProviderResiliencePipeline.Build(
            options,
            limiter ?? new ProviderRateLimiter(0, 0, TimeSpan.FromSeconds(10), _clock),
            _clock,
            NullLogger.Instance,
            () => random,
            _health);

    private static ProviderResponse Response(int status, TimeSpan? retryAfter = null) =>
        new(status, ReadOnlyMemory<byte>.Empty, "req_1", RateLimitHints.None with { RetryAfter = retryAfter });
}
