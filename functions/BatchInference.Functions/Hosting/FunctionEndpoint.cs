using BatchInference.Functions.Functions;
using BatchInference.Functions.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Hosting;

/// <summary>
/// <c>POST /{FunctionName}</c>: reads the host's request payload, runs the function and answers its response payload.
/// A malformed payload answers 400 with the reason (in <c>Logs</c> and <c>ReturnValue.error</c>); a failure answers
/// 500, which the host counts as a failed invocation (and, for queue triggers, retries). Until storage is ready every
/// invocation answers 503 with the reason, which the host also counts as a failure to retry.
/// </summary>
internal sealed class FunctionEndpoint(IFunction function, StorageReadiness readiness, ILogger logger)
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public async Task InvokeAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        InvocationResponse response;
        int status;
        if (readiness.NotReadyReason is { } notReady)
        {
            Log.NotReady(logger, function.Name, notReady);
            response = new InvocationResponse { ReturnValue = new System.Text.Json.Nodes.JsonObject { ["error"] = notReady } }
                .Log($"{function.Name} cannot run yet: {notReady}");
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = JsonContentType;
            await context.Response.WriteAsync(response.ToJson(), cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var body = await BinaryData.FromStreamAsync(context.Request.Body, cancellationToken).ConfigureAwait(false);
            var request = InvocationRequest.Parse(body);
            response = await function.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
            status = StatusCodes.Status200OK;
        }
        catch (InvalidPayloadException ex)
        {
            Log.PayloadRejected(logger, function.Name, ex.Message);
            response = new InvocationResponse { ReturnValue = new System.Text.Json.Nodes.JsonObject { ["error"] = ex.Message } }
                .Log($"Rejected a malformed {function.Name} payload: {ex.Message}");
            status = StatusCodes.Status400BadRequest;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.FunctionFailed(logger, function.Name, ex);
            response = new InvocationResponse().Log($"{function.Name} failed: {ex.GetType().Name}: {ex.Message}");
            status = StatusCodes.Status500InternalServerError;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        await context.Response.WriteAsync(response.ToJson(), cancellationToken).ConfigureAwait(false);
    }
}
