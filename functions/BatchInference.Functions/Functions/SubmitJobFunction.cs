using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Events;
using BatchInference.Functions.Invocation;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>SubmitJob</c> (httpTrigger POST <c>jobs</c>, bindings <c>req</c>/<c>res</c>): body <c>{"container","blob"}</c>
/// → 202 <c>{"job_id"}</c>; 400 with a reason for bad input, 404 when the blob does not exist. Idempotent per blob version.
/// </summary>
internal sealed class SubmitJobFunction(FunctionsPipeline pipeline, ILogger<SubmitJobFunction> logger) : IFunction
{
    public const string RequestBinding = "req";
    public const string ResponseBinding = "res";

    public string Name => "SubmitJob";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var http = HttpTriggerRequest.From(request, RequestBinding);
        var response = new InvocationResponse();
        if (!string.Equals(http.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return Reject(response, 405, $"Use POST, not {http.Method}.");
        }

        if (Read(http.Body) is not { } input)
        {
            return Reject(response, 400, "The body must be a JSON object {\"container\": \"…\", \"blob\": \"…\"}.");
        }

        var container = PayloadValues.Property(input, "container");
        var blob = PayloadValues.Property(input, "blob");
        if (string.IsNullOrWhiteSpace(container) || string.IsNullOrWhiteSpace(blob))
        {
            return Reject(response, 400, "\"container\" and \"blob\" are required strings.");
        }

        var location = new BlobLocation(container, blob);
        string? jobId;
        try
        {
            jobId = await JobBlobs.TrySubmitAsync(pipeline.Engine, location, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // The storage client validates container and blob names before any request.
            return Reject(response, 400, ex.Message);
        }

        if (jobId is null)
        {
            return Reject(response, 404, $"{location} does not exist.");
        }

        response.Output(ResponseBinding, HttpResponseOutput.Json(202, new JsonObject { ["job_id"] = jobId }));
        return response.Log($"Submitted {location} as job {jobId}.");
    }

    // The host forwards a JSON body either as the text it received or already parsed; accept both.
    private static JsonObject? Read(JsonNode? body)
    {
        if (body is JsonObject parsed)
        {
            return parsed;
        }

        if (PayloadValues.Text(body) is not { Length: > 0 } text)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static InvocationResponse Reject(InvocationResponse response, int status, string reason) =>
        response.Output(ResponseBinding, HttpResponseOutput.Error(status, reason)).Log($"Rejected: {reason}");
}
