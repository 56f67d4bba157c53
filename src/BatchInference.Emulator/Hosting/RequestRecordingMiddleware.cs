using System.Globalization;
using BatchInference.Emulator.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.Hosting;

/// <summary>
/// Wraps every provider-API request: gives it an <c>x-request-id</c>, times it (<c>openai-processing-ms</c>), turns an
/// unexpected exception into an OpenAI-shaped 500, and records the outcome in the request log. Admin and health
/// endpoints pass through unrecorded so polling them does not change what tests count.
/// </summary>
internal sealed class RequestRecordingMiddleware(EmulatorState state, ILogger logger)
{
    public const string ClientRequestIdHeader = "X-Client-Request-Id";
    private const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!EmulatorRoutes.IsProviderApi(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var clientRequestId = context.Request.Headers[ClientRequestIdHeader].ToString();
        var call = new ModelCall(EmulatorIds.NewRequestId(), clientRequestId.Length == 0 ? null : clientRequestId);
        context.Features.Set(call);
        var at = state.Time.GetUtcNow();
        var started = state.Time.GetTimestamp();
        var response = context.Response;
        response.Headers["x-request-id"] = call.RequestId;
        if (EmulatorRoutes.IsAnthropicApi(context.Request.Path))
        {
            // Anthropic names its request id header "request-id".
            response.Headers["request-id"] = call.RequestId;
        }

        response.Headers["openai-version"] = "2020-10-01";
        response.Headers["openai-organization"] = "emulator";
        var recorded = 0;
        void Record()
        {
            // Once per request: when the answer starts (so a client that has its answer always finds it in the log,
            // however slowly this thread runs on) or, for a request that never answered, when the pipeline ends.
            if (Interlocked.Exchange(ref recorded, 1) == 0)
            {
                RecordOutcome(context, call, at);
            }
        }

        response.OnStarting(() =>
        {
            var elapsed = state.Time.GetElapsedTime(started);
            response.Headers["openai-processing-ms"] = ((long)elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            Record();
            return Task.CompletedTask;
        });

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer. 499 is nginx's "client closed request".
            if (!response.HasStarted)
            {
                response.StatusCode = ClientClosedRequest;
            }
        }
        catch (Exception exception) when (!response.HasStarted)
        {
            Log.RequestFailed(logger, exception, call.RequestId, context.Request.Method, context.Request.Path);
            await OpenAIErrors.WriteAsync(
                response, StatusCodes.Status500InternalServerError, OpenAIErrors.ServerError, "server_error",
                param: null, code: null, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Record();
        }
    }

    private void RecordOutcome(HttpContext context, ModelCall call, DateTimeOffset at)
    {
        var status = context.Response.StatusCode;
        var billable = call.Billed && status is >= 200 and < 300;
        state.RequestLog.Add(new EmulatorRequestRecord(
            at,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            call.Model,
            status,
            billable,
            billable ? call.PromptTokens : 0,
            billable ? call.CachedTokens : 0,
            billable ? call.CompletionTokens : 0,
            call.RequestId,
            call.ClientRequestId,
            call.Tier,
            call.Provider,
            CacheWriteTokens: billable ? call.CacheWriteTokens : 0));
        Log.RequestCompleted(logger, call.RequestId, context.Request.Method, context.Request.Path.Value ?? string.Empty, status, call.Model, billable);
    }
}
