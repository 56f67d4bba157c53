using BatchInference.Emulator.Hosting;
using BatchInference.Emulator.RateLimits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.OpenAI;

/// <summary>
/// What stands between a valid request and its answer, in the provider's order: rate limits (429, instant), injected
/// server faults (5xx) and latency. Rejections are written here; the caller serves the call only when admitted.
/// </summary>
internal sealed class ModelCallGate(EmulatorState state, ILogger logger)
{
    /// <summary>True when the call may be served; false when a rejection was written. Cancelling stops the latency wait.</summary>
    public async Task<bool> AdmitAsync(HttpContext context, string model, int tokenCost, CancellationToken cancellationToken = default)
    {
        var options = state.Options.Current;
        var call = context.Features.GetRequiredFeature<ModelCall>();
        var decision = state.RateLimiter.TryAcquire(
            tokenCost, options.RequestsPerMinute, options.TokensPerMinute, options.RateLimitWindow);
        RateLimitHeaders.Write(context.Response, decision);
        if (!decision.Allowed)
        {
            Log.RateLimited(logger, call.RequestId, decision.Rejection.ToString(), decision.RetryAfter);
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

        var fault = state.Faults.Next(options.ServerErrorRate, options.Seed);
        await state.Latency.DelayAsync(options.Latency, options.LatencyJitter, options.Seed, cancellationToken).ConfigureAwait(false);
        if (fault is not null)
        {
            Log.FaultInjected(logger, call.RequestId, fault.StatusCode);
            await OpenAIErrors.WriteAsync(
                context.Response, fault.StatusCode, fault.Message, "server_error", param: null, code: null, cancellationToken)
                .ConfigureAwait(false);
            return false;
        }

        return true;
    }
}
