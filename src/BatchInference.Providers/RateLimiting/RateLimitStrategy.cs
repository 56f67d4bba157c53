using BatchInference.Providers.Resilience;
using Polly;

namespace BatchInference.Providers.RateLimiting;

/// <summary>
/// A Polly strategy that waits for rate-limit permits before each attempt. It sits inside the retry (every attempt pays
/// for its permits) and outside the timeout (queueing for permits does not eat into an attempt's time limit).
/// </summary>
internal sealed class RateLimitStrategy(ProviderRateLimiter limiter) : ResilienceStrategy<ProviderResponse>
{
    /// <summary>The request's estimated tokens, set on the <see cref="ResilienceContext"/> by the caller.</summary>
    public static readonly ResiliencePropertyKey<int> EstimatedTokensKey = new("BatchInference.EstimatedTokens");

    protected override async ValueTask<Outcome<ProviderResponse>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<ProviderResponse>>> callback,
        ResilienceContext context,
        TState state)
    {
        try
        {
            await limiter.AcquireAsync(context.Properties.GetValue(EstimatedTokensKey, 0), context.CancellationToken)
                .ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException exception)
        {
            return Outcome.FromException<ProviderResponse>(exception);
        }

        return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
    }
}
