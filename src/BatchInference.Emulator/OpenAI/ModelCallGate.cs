using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.RateLimits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.OpenAI;

/// <summary>
/// What stands between a valid request and its answer, in the provider's order: rate limits (429, instant), injected
/// server faults (5xx) and latency. <see cref="AdmitAsync"/> writes OpenAI's rejections; other providers take the
/// verdict of <see cref="PassAsync"/> and write their own.
/// </summary>
internal sealed class ModelCallGate(EmulatorState state, ILogger logger)
{
    /// <summary>True when the call may be served; false when a rejection was written. Cancelling stops the latency wait.</summary>
    public async Task<bool> AdmitAsync(HttpContext context, string model, int tokenCost, CancellationToken cancellationToken = default)
    {
        var verdict = await PassAsync(context, tokenCost, cancellationToken).ConfigureAwait(false);
        var decision = verdict.Limits;
        RateLimitHeaders.Write(context.Response, decision);
        if (!decision.Allowed)
        {
            await OpenAIErrors.WriteAsync(
                context.Response,
                StatusCodes.Status429TooManyRequests,
                RateLimitMessages.Describe(decision, model),
                decision.Rejection == RateLimitKind.Requests ? "requests" : "tokens",
                param: null,
                code: "rate_limit_exceeded",
                cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (verdict.Fault is { } fault)
        {
            await OpenAIErrors.WriteAsync(
                context.Response, fault.StatusCode, fault.Message, "server_error", param: null, code: null, cancellationToken)
                .ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Takes the call's share of the rate limits, draws the fault and waits the latency (only for calls the limiter
    /// admitted); writes nothing. Cancelling stops the latency wait.
    /// </summary>
    public async Task<ModelCallVerdict> PassAsync(HttpContext context, int tokenCost, CancellationToken cancellationToken = default)
    {
        var options = state.Options.Current;
        var call = context.Features.GetRequiredFeature<ModelCall>();
        var decision = state.RateLimiter.TryAcquire(
            tokenCost, options.RequestsPerMinute, options.TokensPerMinute, options.RateLimitWindow);
        if (!decision.Allowed)
        {
            Log.RateLimited(logger, call.RequestId, decision.Rejection.ToString(), decision.RetryAfter);
            return new ModelCallVerdict(decision, Fault: null);
        }

        var fault = state.Faults.Next(options.ServerErrorRate, options.Seed);
        await state.Latency.DelayAsync(options.Latency, options.LatencyJitter, options.Seed, cancellationToken).ConfigureAwait(false);
        if (fault is not null)
        {
            Log.FaultInjected(logger, call.RequestId, fault.StatusCode);
        }

        return new ModelCallVerdict(decision, fault);
    }
}
