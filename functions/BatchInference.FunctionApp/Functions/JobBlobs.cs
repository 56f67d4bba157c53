using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using Microsoft.Extensions.Logging;

namespace BatchInference.FunctionApp.Functions;

/// <summary>What the drop, nightly and submit functions share: which blobs are jobs, and submitting one that may have gone.</summary>
internal static class JobBlobs
{
    /// <summary>Job settings travel next to the input as <c>&lt;name&gt;.job.json</c>; they are not jobs themselves.</summary>
    public static bool IsSidecar(string blobName) => StorageLayout.IsSidecar(blobName);

    /// <summary>Submits the blob; null when it was deleted before it could be read (nothing to run, nothing to retry).</summary>
    public static async Task<string?> TrySubmitAsync(
        JobEngine engine, string container, string blob, string trigger, ILogger logger, CancellationToken cancellationToken = default)
    {
        try
        {
            var jobId = await engine.SubmitAsync(container, blob, cancellationToken).ConfigureAwait(false);
            Log.JobSubmitted(logger, $"{container}/{blob}", jobId, trigger);
            return jobId;
        }
        catch (FileNotFoundException)
        {
            Log.BlobIgnored(logger, $"{container}/{blob}", "it no longer exists");
            return null;
        }
    }
}
