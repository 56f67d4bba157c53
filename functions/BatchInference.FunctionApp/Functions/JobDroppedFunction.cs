using Azure.Storage.Blobs;
using BatchInference.FunctionApp.Composition;
using BatchInference.Orchestrations.Layout;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Functions;

/// <summary>
/// <c>JobDropped</c>: a blob created under <c>jobs/incoming/</c> becomes a job. The trigger's source is Event Grid (the
/// storage account's <c>BlobCreated</c> events delivered to the blobs extension's webhook), not container polling. The
/// job id comes from the blob's path and ETag, so a redelivered event submits nothing new. A <c>.job.json</c> sidecar
/// is not a job; one written after its job read its settings stops that job with a reason.
/// </summary>
internal sealed class JobDroppedFunction(JobEngines engines, ILogger<JobDroppedFunction> logger)
{
    /// <summary>The function name (the Event Grid subscription's endpoint names it).</summary>
    public const string Name = "JobDropped";

    /// <summary>Runs on one created blob.</summary>
    /// <param name="blob">The blob (a client only: the input is read by the engine, streamed, not here).</param>
    /// <param name="durable">The task hub's client.</param>
    /// <param name="cancellationToken">The invocation's cancellation.</param>
    /// <returns>The job id, or null when the blob is not a job (or no longer exists).</returns>
    [Function(Name)]
    public async Task<string?> RunAsync(
        [BlobTrigger(StorageLayout.JobsContainer + "/" + StorageLayout.IncomingPrefix + "{name}", Source = BlobTriggerSource.EventGrid, Connection = AppSettings.StorageConnection)]
        BlobClient blob,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var engine = engines.For(durable);
        if (!JobBlobs.IsSidecar(blob.Name))
        {
            return await JobBlobs.TrySubmitAsync(engine, blob.BlobContainerName, blob.Name, Name, logger, cancellationToken).ConfigureAwait(false);
        }

        var failed = await engine.SidecarArrivedAsync(blob.BlobContainerName, blob.Name, cancellationToken).ConfigureAwait(false);
        if (failed is not null)
        {
            Log.SidecarTooLate(logger, $"{blob.BlobContainerName}/{blob.Name}", failed.JobId, failed.FailureReason);
        }
        else
        {
            Log.BlobIgnored(logger, $"{blob.BlobContainerName}/{blob.Name}", "a settings sidecar, read with its job");
        }

        return null;
    }
}
