using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BatchInference.Functions.Hosting;

/// <summary>
/// <c>GET /health</c>: 200 <c>{"status":"ready"}</c> once storage is ready, else 503 <c>{"status":"starting","reason":…}</c>
/// (the reason names the storage endpoint and the last failure, never a key). For probes and for the local dispatcher.
/// </summary>
internal static class HealthEndpoint
{
    public const string Path = "/health";

    public static Task AnswerAsync(HttpContext context, StorageReadiness readiness)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reason = readiness.NotReadyReason;
        var body = reason is null
            ? new JsonObject { ["status"] = "ready" }
            : new JsonObject { ["status"] = "starting", ["reason"] = reason };
        context.Response.StatusCode = reason is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
