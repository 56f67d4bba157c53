using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Finishing;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.PromptCaching;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Jobs.Settings;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// Finishes a job that is finishing: under the job lock merges the shards' checkpoints in input order, publishes
/// <c>output.jsonl</c>, <c>errors.jsonl</c>, the ledger and the spend report, then <c>summary.json</c> (once, with
/// <c>If-None-Match: *</c>), then marks the job terminal. Run again after any of these it finds the summary and just
/// completes the state. Run by the <see cref="Durable.JobActivities.Finish"/> activity; the work files are deleted after
/// it (<see cref="JobWorkCleanup"/>).
/// </summary>
internal sealed class JobFinisher(EngineContext context)
{
    /// <summary>
    /// The job's state afterwards: terminal when it was finished here or before, as found when it is not finishing, null
    /// when there is no such job; <c>Busy</c> when another worker holds the job lock (try again later).
    /// </summary>
    public async Task<(JobState? State, bool Busy)> FinishAsync(string jobId, CancellationToken cancellationToken)
    {
        var name = StorageLayout.JobState(jobId);
        var job = await context.Jobs.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.Status != JobStatus.Finishing)
        {
            return (job?.Value, false); // terminal already, or a stray duplicate before the last shard finished
        }

        var jobLock = await context.TryLockJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (jobLock is null)
        {
            return (job.Value, true);
        }

        await using (jobLock.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, jobLock.Lost);
            var publisher = new JobPublisher(context.Blobs, jobId, context.Logger);
            var summary = await publisher.TryReadSummaryAsync(linked.Token).ConfigureAwait(false)
                ?? await PublishAsync(job.Value, publisher, linked.Token).ConfigureAwait(false);
            var finished = await context.Jobs.UpdateAsync(name, s => JobDecisions.Finished(s, summary, context.Now), cancellationToken: linked.Token)
                .ConfigureAwait(false);
            EngineTelemetry.JobFinished(summary);
            Log.JobFinished(context.Logger, jobId, summary.Status.ToString(), summary.Counts.Succeeded, summary.Counts.Failed,
                summary.Counts.Invalid, summary.Cost.EffectiveUsd, context.Catalog.Currency);
            return (finished?.Value, false);
        }
    }

    private async Task<JobSummary> PublishAsync(JobState job, JobPublisher publisher, CancellationToken cancellationToken)
    {
        using var spool = new JobSpool(context.Options.SpoolDirectory, job.JobId);
        var totals = await new JobMerger(context, job).MergeAsync(spool, cancellationToken).ConfigureAwait(false);
        // Before the summary: a finish that crashes after it is not run again, one that crashes before records again,
        // and the samples' ids keep that to one each.
        await new History.ThroughputRecorder(context).RecordAsync(job.JobId, totals.Throughput, cancellationToken).ConfigureAwait(false);
        await new ResultCache.ResultCacheFill(context, job).StoreAsync(cancellationToken).ConfigureAwait(false);
        if (!(job.ShardCount == 0 && job.FailureReason is not null))
        {
            // A job that failed before its input was split has no results: only its summary is published.
            await publisher.PublishResultsAsync(spool, totals, cancellationToken).ConfigureAwait(false);
        }

        var (status, failure) = JobDecisions.Outcome(job, totals.Counts);
        var finishedAt = context.Now;
        var deadline = job.Deadline ?? job.CreatedAt + JobSettings.DefaultCompletionWindow;
        var summary = new JobSummary
        {
            JobId = job.JobId,
            Status = status,
            FailureReason = failure,
            CreatedAt = job.CreatedAt,
            StartedAt = totals.Succeeded + totals.Failed == 0 ? null : job.StartedAt,
            FinishedAt = finishedAt,
            Deadline = deadline,
            DeadlineMet = finishedAt <= deadline,
            Counts = totals.Counts,
            Tokens = totals.Tokens,
            Cost = totals.Cost,
            Tiers = totals.Tiers,
            Models = totals.Models,
            Source = job.Source.ToString(),
            CacheHints = await ShardCacheHints.TotalAsync(context, job, cancellationToken).ConfigureAwait(false),
            Eta = await new Eta.JobEtaReader(context).ReadPlannedAsync(job.JobId, cancellationToken).ConfigureAwait(false),
        };
        return await publisher.PublishSummaryAsync(summary, cancellationToken).ConfigureAwait(false);
    }
}
