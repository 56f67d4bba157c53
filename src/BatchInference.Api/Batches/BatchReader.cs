using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;

namespace BatchInference.Api.Batches;

/// <summary>Reads what a batch's view needs from its job: state and progress while it runs, summary and result files once ended.</summary>
internal sealed class BatchReader(JobEngine engine, IBlobStore blobs)
{
    public async Task<BatchView> ReadAsync(BatchRecord record, CancellationToken cancellationToken)
    {
        if (record.JobId is not { } jobId)
        {
            return new BatchView(record, null, null, null, null, null);
        }

        var job = await engine.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return new BatchView(record, null, null, null, null, null);
        }

        if (!job.Status.IsTerminal())
        {
            var report = await engine.GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
            return new BatchView(record, report?.Job ?? job, null, report?.Progress, null, null);
        }

        var summary = await engine.GetSummaryAsync(jobId, cancellationToken).ConfigureAwait(false);
        var output = await blobs.GetPropertiesAsync(StorageLayout.ResultsContainer, StorageLayout.Output(jobId), cancellationToken).ConfigureAwait(false);
        var errors = await blobs.GetPropertiesAsync(StorageLayout.ResultsContainer, StorageLayout.Errors(jobId), cancellationToken).ConfigureAwait(false);
        return new BatchView(record, job, summary, null, output?.ContentLength, errors?.ContentLength);
    }
}
