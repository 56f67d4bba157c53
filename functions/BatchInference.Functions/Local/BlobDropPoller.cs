using BatchInference.Orchestrations.Layout;
using BatchInference.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BatchInference.Functions.Local;

/// <summary>
/// Plays Event Grid for <c>jobs/incoming/</c>: lists it every <see cref="LocalDispatcherOptions.BlobPollInterval"/> and
/// posts a <c>BlobCreated</c> event to <c>JobDropped</c> for each blob version (name + ETag) not yet dispatched by this
/// instance. Another dispatcher, or this one after a restart, may post the same version again: the job id follows
/// the blob's path and ETag, so the engine starts it once.
/// </summary>
internal sealed class BlobDropPoller(
    IBlobStore blobs, Uri blobEndpoint, FunctionInvoker invoker, LocalDispatcherOptions options, TimeProvider time,
    Action<DispatchRecord> report, ILogger logger)
{
    private const string Function = "JobDropped";
    private readonly HashSet<(string Name, string ETag)> _dispatched = [];

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.TriggerFailed(logger, "blob drop", ex);
            }

            await Task.Delay(options.BlobPollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One listing: dispatches the blob versions not seen yet; a failed one is tried at the next poll.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var item in blobs.ListAsync(StorageLayout.JobsContainer, options.BlobDropPrefix, cancellationToken: cancellationToken)
                           .ConfigureAwait(false))
        {
            var key = (item.Name, item.ETag.ToString());
            if (item.Name.EndsWith('/') || _dispatched.Contains(key))
            {
                continue;
            }

            var payload = TriggerPayloads.BlobCreated(
                blobEndpoint, StorageLayout.JobsContainer, item.Name, key.Item2, item.ContentLength, time.GetUtcNow());
            var status = await invoker.InvokeAsync(Function, payload, cancellationToken).ConfigureAwait(false);
            var succeeded = (int)status == 200;
            if (succeeded)
            {
                _dispatched.Add(key);
            }

            report(new DispatchRecord(
                Function, $"{StorageLayout.JobsContainer}/{item.Name}", succeeded ? DispatchOutcome.Succeeded : DispatchOutcome.Failed,
                $"HTTP {(int)status}"));
        }
    }
}
