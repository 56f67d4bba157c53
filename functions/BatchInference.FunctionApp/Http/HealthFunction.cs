using System.Text.Json.Nodes;
using Azure;
using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Layout;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BatchInference.FunctionApp.Http;

/// <summary>
/// <c>Health</c> (<c>GET /api/health</c>, anonymous, for probes): 200 <c>{"status":"ready"}</c> when the pipeline's
/// storage answers, else 503 <c>{"status":"unavailable","reason":…}</c> naming the endpoint and the failure (never a key).
/// </summary>
internal sealed class HealthFunction(JobEngines engines)
{
    [Function("Health")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        string? reason;
        try
        {
            // Listing one name of the jobs container proves the account, the container and the identity's role.
            await foreach (var _ in engines.Blobs.ListAsync(StorageLayout.JobsContainer, "~", cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            reason = null;
        }
        catch (RequestFailedException ex)
        {
            reason = $"storage at {engines.BlobEndpoint} answered {ex.Status} ({ex.ErrorCode})";
        }
        catch (AggregateException ex)
        {
            reason = $"storage at {engines.BlobEndpoint} is not reachable ({ex.Message})";
        }

        var body = reason is null
            ? new JsonObject { ["status"] = "ready" }
            : new JsonObject { ["status"] = "unavailable", ["reason"] = reason };
        return new ContentResult
        {
            StatusCode = reason is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
            ContentType = "application/json; charset=utf-8",
            Content = body.ToJsonString(),
        };
    }
}
