using BatchInference.Orchestrations.Engine;

namespace BatchInference.Orchestrations.History;

/// <summary>
/// Records a finishing job's throughput samples (<see cref="ThroughputTally"/>) in the completion history, so the
/// planner learns how fast each provider, model and real-time tier answers. Recorded for every job that finishes,
/// whatever its outcome: a cancelled job's real-time part is still an observation. The history is advice: a sample
/// that cannot be written is logged and never fails the job.
/// </summary>
internal sealed class ThroughputRecorder(EngineContext context)
{
    /// <summary>Records each bucket's sample under its key; the size bucket is the job's lines on that bucket.</summary>
    /// <param name="jobId">The job, whose id names the samples (a finish run again records nothing twice).</param>
    /// <param name="tally">What the merge tallied.</param>
    /// <param name="cancellationToken">Stops the writes.</param>
    public async Task RecordAsync(string jobId, ThroughputTally tally, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tally);
        foreach (var (provider, model, tier, sample) in tally.Samples(jobId))
        {
            // Ledger entries name the provider the worker resolved (the engine's default for a shard with none), as
            // the batch samples' keys do.
            var key = CompletionKey.For(provider, context.Providers.Find(provider)?.BaseUrl, model, tier, sample.Lines);
            try
            {
                await context.History.RecordAsync(key, sample, cancellationToken).ConfigureAwait(false);
                Log.ThroughputRecorded(context.Logger, jobId, sample.Lines, sample.Seconds, key.BlobName);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ThroughputRecordFailed(context.Logger, jobId, key.BlobName, ex.Message);
            }
        }
    }
}
