using BatchInference.Providers.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace BatchInference.Providers.Resilience;

/// <summary>
/// Builds the one resilience pipeline of a provider, outermost first: retry, circuit breaker, rate limiter, per-attempt
/// timeout. This is the only retry layer: the SDK's own retries are switched off.
/// </summary>
internal static class ProviderResiliencePipeline
{
    public static ResiliencePipeline<ProviderResponse> Build(
        ProviderEndpointOptions options,
        ProviderRateLimiter limiter,
        TimeProvider timeProvider,
        ILogger logger,
        Func<double> random)
    {
        var name = options.Name;
        var builder = new ResiliencePipelineBuilder<ProviderResponse> { Name = name, TimeProvider = timeProvider };

        // Polly rejects zero retries, so a single-attempt configuration simply has no retry strategy.
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<ProviderResponse>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(TransientFailure.ShouldRetry(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryDelay.Compute(
                    args.AttemptNumber,
                    args.Outcome.Result?.Hints.RetryAfter,
                    options.BaseRetryDelay,
                    options.MaxRetryDelay,
                    random())),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProviderResponse>
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            BreakDuration = options.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(TransientFailure.CountsAsFailure(args.Outcome, args.Context.CancellationToken)),
            OnOpened = args =>
            {
                Log.CircuitOpened(logger, name, args.BreakDuration);
                return default;
            },
            OnHalfOpened = _ =>
            {
                Log.CircuitHalfOpened(logger, name);
                return default;
            },
            OnClosed = _ =>
            {
                Log.CircuitClosed(logger, name);
                return default;
            },
        });

        builder.AddStrategy(_ => new RateLimitStrategy(limiter));
        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }
}
