using System.Globalization;
using BatchInference.Functions.Composition;
using BatchInference.Functions.Events;
using BatchInference.Functions.Invocation;
using BatchInference.Orchestrations.Layout;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>Nightly</c> (timerTrigger, binding <c>timer</c>, schedule <c>%NightlySchedule%</c>): submits every blob staged
/// under <c>jobs/nightly/</c>. Job ids follow the blob version, so a second run (or a retried one) submits nothing
/// twice; restage a file (a new version) to run it again.
/// </summary>
internal sealed class NightlyFunction(FunctionsPipeline pipeline, ILogger<NightlyFunction> logger) : IFunction
{
    public const string BindingName = "timer";

    /// <summary>Prefix inside the jobs container of the staged nightly inputs.</summary>
    public const string NightlyPrefix = "nightly/";

    public string Name => "Nightly";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        if (request.BindingAsJson(BindingName) is not System.Text.Json.Nodes.JsonObject timer)
        {
            throw new InvalidPayloadException($"\"Data.{BindingName}\" is not a timer object.");
        }

        var pastDue = string.Equals(PayloadValues.Text(timer["IsPastDue"]), "true", StringComparison.OrdinalIgnoreCase);
        var response = new InvocationResponse();
        var submitted = new System.Text.Json.Nodes.JsonArray();
        await foreach (var item in pipeline.Blobs.ListAsync(StorageLayout.JobsContainer, NightlyPrefix, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (JobBlobs.IsSidecar(item.Name) || item.Name.EndsWith('/'))
            {
                continue;
            }

            var location = new BlobLocation(StorageLayout.JobsContainer, item.Name);
            if (await JobBlobs.TrySubmitAsync(pipeline.Engine, location, logger, cancellationToken).ConfigureAwait(false) is { } jobId)
            {
                submitted.Add(jobId);
                response.Log($"Submitted {location} as job {jobId}.");
            }
        }

        Log.NightlyRan(logger, submitted.Count, pastDue);
        response.ReturnValue = submitted;
        return response.Log(string.Create(CultureInfo.InvariantCulture, $"Nightly run: {submitted.Count} job(s) submitted{(pastDue ? " (past due)" : string.Empty)}."));
    }
}
