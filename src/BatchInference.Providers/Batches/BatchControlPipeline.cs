using BatchInference.Providers.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace BatchInference.Providers.Batches;

/// <summary>
/// The retry layer of batch API control calls (upload, create, get, list, cancel, opening a results download): transient
/// <see cref="BatchProviderException"/>s (429, 5xx, no answer) are retried with capped exponential backoff and jitter;
/// the SDKs' own retries are off.
/// </summary>
internal static class BatchControlPipeline
{
    public static ResiliencePipeline Build(ProviderEndpointOptions options, TimeProvider timeProvider, ILogger logger, Func<double> random)
    {
        var builder = new ResiliencePipelineBuilder { Name = options.Name + "-batch", TimeProvider = timeProvider };
        if (options.MaxAttempts > 1)
        {
            var provider = options.Name;
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is BatchProviderException { IsTransient: true }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    RetryDelay.Compute(args.AttemptNumber, null, options.BaseRetryDelay, options.MaxRetryDelay, random())),
                OnRetry = args =>
                {
                    Log.BatchCallRetrying(logger, provider, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? string.Empty);
                    return default;
                },
            });
        }

        return builder.Build();
    }
}
