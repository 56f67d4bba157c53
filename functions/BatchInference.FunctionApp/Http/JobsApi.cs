using System.Text.Json;
using System.Text.Json.Nodes;
using BatchInference.FunctionApp.Composition;
using BatchInference.FunctionApp.Functions;
using BatchInference.Orchestrations.Engine.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Http;

/// <summary>
/// The jobs API under the host's <c>/api</c> prefix, function keys required: submit (<c>POST jobs</c>), status
/// (<c>GET jobs/{jobId}</c>), cancel (<c>POST jobs/{jobId}/cancel</c>) and list (<c>GET jobs</c>). Bodies are snake_case
/// JSON; bad input is a 400 problem details body saying what to fix, an unknown job or blob a 404.
/// </summary>
internal sealed class JobsApi(JobEngines engines, ILogger<JobsApi> logger)
{
    /// <summary><c>SubmitJob</c>: body <c>{"container","blob"}</c> → 202 <c>{"job_id"}</c>. Idempotent per blob version.</summary>
    [Function("SubmitJob")]
    public async Task<IActionResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/jobs")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = await ReadObjectAsync(request, cancellationToken).ConfigureAwait(false);
        if (input is null)
        {
            return Answers.BadRequest("The body must be a JSON object {\"container\": \"…\", \"blob\": \"…\"}.", request);
        }

        if (Text(input, "container") is not { } container || Text(input, "blob") is not { } blob)
        {
            return Answers.BadRequest("\"container\" and \"blob\" are required strings.", request);
        }

        string? jobId;
        try
        {
            jobId = await JobBlobs.TrySubmitAsync(engines.For(durable), container, blob, "SubmitJob", logger, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // The storage client validates container and blob names before any request.
            return Answers.BadRequest(ex.Message, request);
        }

        return jobId is null
            ? Answers.NotFound($"{container}/{blob} does not exist.", request)
            : new ContentResult
            {
                StatusCode = StatusCodes.Status202Accepted,
                ContentType = "application/json; charset=utf-8",
                Content = new JsonObject { ["job_id"] = jobId }.ToJsonString(),
            };
    }

    /// <summary><c>JobStatus</c>: 200 with the status report (state, shards, progress).</summary>
    [Function("JobStatus")]
    public async Task<IActionResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/jobs/{jobId}")] HttpRequest request,
        string jobId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        return await ForJobAsync(
            request, jobId, ct => engines.For(durable).GetStatusAsync(jobId, ct),
            report => Answers.Json(StatusCodes.Status200OK, JobStatusDocument.From(report), StatusJsonContext.Default.JobStatusDocument),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>CancelJob</c>: 202 with the job as it is after the cancel was recorded (lines in flight finish; the job
    /// ends <c>cancelled</c> with what is done in its results). Cancelling an ended job changes nothing.</summary>
    [Function("CancelJob")]
    public async Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/jobs/{jobId}/cancel")] HttpRequest request,
        string jobId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        return await ForJobAsync(
            request, jobId, ct => engines.For(durable).CancelAsync(jobId, ct),
            job => Answers.Json(StatusCodes.Status202Accepted, JobListItem.From(job), StatusJsonContext.Default.JobListItem),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>ListJobs</c>: 200 with every job in the account (by id).</summary>
    [Function("ListJobs")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/jobs")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var jobs = new List<JobListItem>();
        await foreach (var job in engines.For(durable).ListJobsAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(JobListItem.From(job));
        }

        return Answers.Json<IReadOnlyList<JobListItem>>(StatusCodes.Status200OK, jobs, StatusJsonContext.Default.IReadOnlyListJobListItem);
    }

    // A route id is checked before it reaches storage; an unknown job is a 404.
    private static async Task<IActionResult> ForJobAsync<T>(
        HttpRequest request, string jobId, Func<CancellationToken, Task<T?>> read, Func<T, IActionResult> answer, CancellationToken cancellationToken)
        where T : class
    {
        if (!JobIds.IsValid(jobId))
        {
            return Answers.BadRequest(JobIds.Refusal(jobId), request);
        }

        return await read(cancellationToken).ConfigureAwait(false) is { } found ? answer(found) : Answers.NotFound($"No job {jobId}.", request);
    }

    // The body as a JSON object, or null when it is not one.
    private static async Task<JsonObject?> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
