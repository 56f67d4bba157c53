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
        Func<double> random,
        ProviderHealth health)
    {
        var name = options.Name;
        var builder = new ResiliencePipelineBuilder<ProviderResponse> { Name = name, TimeProvider = timeProvider };

        // Retries until the line's own budget decides to stop (LineAttempts): the attempt count alone no longer does,
        // because a patient line waits out an open circuit and 429s without spending attempts.
        builder.AddRetry(new RetryStrategyOptions<ProviderResponse>
        {
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args => ValueTask.FromResult(
                LineOf(args.Context).Decide(args.Outcome, options, timeProvider.GetUtcNow(), random(), args.Context.CancellationToken) is not null),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(LineOf(args.Context).NextDelay),
        });

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<ProviderResponse>
        {
            FailureRatio = options.CircuitBreakerFailureRatio,
            SamplingDuration = options.CircuitBreakerSamplingDuration,
            MinimumThroughput = options.CircuitBreakerMinimumThroughput,
            BreakDurationGenerator = args => ValueTask.FromResult(BreakDuration(options, args.HalfOpenAttempts)),
            ShouldHandle = args => ValueTask.FromResult(Judge(health, args.Outcome, args.Context)),
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

    /// <summary>
    /// The pause after the circuit opens: short at first, so a blip costs seconds, then doubling with every failed probe
    /// up to <see cref="ProviderEndpointOptions.CircuitBreakerBreakDuration"/>, so a long outage is probed rarely.
    /// </summary>
    internal static TimeSpan BreakDuration(ProviderEndpointOptions options, int failedProbes)
    {
        var first = options.CircuitBreakerFirstBreakDuration < options.CircuitBreakerBreakDuration
            ? options.CircuitBreakerFirstBreakDuration
            : options.CircuitBreakerBreakDuration;
        var ticks = first.Ticks * Math.Pow(2, Math.Min(failedProbes, 30));
        return ticks >= options.CircuitBreakerBreakDuration.Ticks ? options.CircuitBreakerBreakDuration : TimeSpan.FromTicks((long)ticks);
    }

    // The breaker sees every attempt that reached the provider exactly once: the place to tell the line and the
    // provider's health what it came to.
    private static bool Judge(ProviderHealth health, Outcome<ProviderResponse> outcome, ResilienceContext context)
    {
        var failed = TransientFailure.CountsAsFailure(outcome, context.CancellationToken);
        var line = LineOf(context);
        var othersFailing = health.Record(line, failed, failed ? TransientFailure.Describe(outcome) : null);
        return line.Observe(failed, othersFailing);
    }

    // A caller that set no budget (tests, one-off calls) gets an impatient one: MaxAttempts tries, an open circuit fails.
    private static LineAttempts LineOf(ResilienceContext context)
    {
        if (!context.Properties.TryGetValue(LineAttempts.Key, out var line))
        {
            line = new LineAttempts(deadline: null);
            context.Properties.Set(LineAttempts.Key, line);
        }

        return line;
    }
}
