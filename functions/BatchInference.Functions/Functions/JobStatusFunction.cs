using System.Text.Json;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Invocation;
using BatchInference.Orchestrations.Engine.Status;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>JobStatus</c> (httpTrigger GET <c>jobs/{jobId}</c>, bindings <c>req</c>/<c>res</c>): the job's status report as
/// JSON; 404 for an unknown job, 400 for an id that cannot be one.
/// </summary>
internal sealed class JobStatusFunction(FunctionsPipeline pipeline) : IFunction
{
    public string Name => "JobStatus";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var http = HttpTriggerRequest.From(request, SubmitJobFunction.RequestBinding);
        var response = new InvocationResponse();
        var jobId = http.RouteValue("jobId");
        if (string.IsNullOrEmpty(jobId) || !IsJobId(jobId))
        {
            return Reject(response, 400, $"'{jobId}' is not a job id (lowercase letters, digits, '_' and '-').");
        }

        var report = await pipeline.Engine.GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (report is null)
        {
            return Reject(response, 404, $"No job {jobId}.");
        }

        var body = JsonSerializer.SerializeToNode(JobStatusDocument.From(report), StatusJsonContext.Default.JobStatusDocument)!;
        response.Output(SubmitJobFunction.ResponseBinding, HttpResponseOutput.Json(200, body));
        return response.Log($"Status of {jobId}: {report.Job.Status}.");
    }

    // Ids name blob paths (work/<jobId>/job.json): anything but the engine's own shape is refused before it reaches storage.
    private static bool IsJobId(string id) =>
        id.Length <= 128 && !id.AsSpan().ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789_-");

    private static InvocationResponse Reject(InvocationResponse response, int status, string reason) =>
        response.Output(SubmitJobFunction.ResponseBinding, HttpResponseOutput.Error(status, reason)).Log(reason);
}
