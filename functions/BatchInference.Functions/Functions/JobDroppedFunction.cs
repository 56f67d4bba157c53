using BatchInference.Functions.Composition;
using BatchInference.Functions.Events;
using BatchInference.Functions.Invocation;
using BatchInference.Orchestrations.Layout;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Functions;

/// <summary>
/// <c>JobDropped</c> (eventGridTrigger, binding <c>event</c>): a blob created under <c>jobs/incoming/</c> becomes a
/// job. The job id comes from the blob's path and ETag, so a redelivered event submits nothing new.
/// </summary>
internal sealed class JobDroppedFunction(FunctionsPipeline pipeline, ILogger<JobDroppedFunction> logger) : IFunction
{
    public const string BindingName = "event";

    public string Name => "JobDropped";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default)
    {
        var e = BlobCreatedEvent.Parse(request.BindingAsJson(BindingName));
        var response = new InvocationResponse();
        if (!e.IsBlobCreated)
        {
            Log.EventIgnored(logger, e.Id, e.EventType);
            return response.Log($"Ignored event {e.Id}: type {e.EventType} is not {BlobCreatedEvent.BlobCreatedType}.");
        }

        var location = BlobLocation.TryParse(e.Url, pipeline.BlobEndpoint)
            ?? throw new InvalidPayloadException($"The event's data.url names no blob: '{e.Url}'.");
        if (location.Container != StorageLayout.JobsContainer || !location.Blob.StartsWith(StorageLayout.IncomingPrefix, StringComparison.Ordinal))
        {
            Log.BlobIgnored(logger, location.ToString(), "not under jobs/incoming/");
            return response.Log($"Ignored {location}: not under {StorageLayout.JobsContainer}/{StorageLayout.IncomingPrefix}.");
        }

        if (JobBlobs.IsSidecar(location.Blob))
        {
            // Not a job itself, but it may have come too late for a job that already read its settings: that job is
            // stopped with a reason instead of running on without them.
            var failed = await pipeline.Engine.SidecarArrivedAsync(location.Container, location.Blob, cancellationToken).ConfigureAwait(false);
            if (failed is not null)
            {
                return response.Log($"{location} arrived after job {failed.JobId} had read its settings: the job is stopped ({failed.FailureReason}).");
            }

            Log.BlobIgnored(logger, location.ToString(), "a job settings sidecar");
            return response.Log($"Ignored {location}: a {JobBlobs.SidecarSuffix} settings sidecar, read with its job.");
        }

        var jobId = await JobBlobs.TrySubmitAsync(pipeline.Engine, location, logger, cancellationToken).ConfigureAwait(false);
        if (jobId is null)
        {
            return response.Log($"Ignored {location}: the blob no longer exists.");
        }

        response.ReturnValue = jobId;
        return response.Log($"Submitted {location} as job {jobId}.");
    }
}
