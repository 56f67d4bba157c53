using BatchInference.Orchestrations.State;
using BatchInference.Providers.Batches;

namespace BatchInference.Orchestrations.History;

/// <summary>Which ended provider batches teach something about completion times, and what.</summary>
internal static class BatchRunSample
{
    /// <summary>
    /// The sample of <paramref name="batch"/>, which a poll at <paramref name="now"/> saw ended, or null
    /// when it says nothing about how long batches take: a batch that failed validation, or one cancelled because its
    /// job stopped. A completed or expired batch is a sample from "submitting" to now; one cancelled at its last safe
    /// moment is a censored sample (it would have taken longer). The time is measured on the engine's clock, from before
    /// the upload to the poll that saw the end, so it is what the planner needs and errs long by at most a poll interval.
    /// </summary>
    public static CompletionSample? Of(ShardBatch current, ProviderBatch batch, bool jobStopping, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(batch);
        var censored = batch.Status == ProviderBatchStatus.Cancelled;
        if (batch.Status == ProviderBatchStatus.Failed || (censored && (jobStopping || current.CancelRequestedAt is null)))
        {
            return null;
        }

        var end = censored ? current.CancelRequestedAt!.Value : now;
        var seconds = (end - current.SubmittingAt).TotalSeconds;
        return seconds <= 0 ? null : new CompletionSample(batch.Id, end, seconds, current.Lines, censored);
    }
}
