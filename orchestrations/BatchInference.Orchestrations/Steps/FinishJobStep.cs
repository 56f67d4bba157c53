using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Finishing;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Jobs.Settings;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// <c>FinishJob</c>: merges the shards' checkpoints in input order, publishes <c>output.jsonl</c>, <c>errors.jsonl</c>,
/// the ledger and the spend report, then <c>summary.json</c> (once, with <c>If-None-Match: *</c>), and only then marks
/// the job terminal. A redelivery after any of these finds the summary and just completes the state.
/// </summary>
internal sealed class FinishJobStep(EngineContext context)
{
    public async Task<WorkOutcome> HandleAsync(Messages.FinishJob message, CancellationToken cancellationToken)
    {
        var name = StorageLayout.JobState(message.JobId);
        var job = await context.Jobs.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.Status != JobStatus.Finishing)
        {
            return WorkOutcome.Done; // terminal already, or a stray duplicate before the last shard finished
        }

        var jobLock = await context.TryLockJobAsync(message.JobId, cancellationToken).ConfigureAwait(false);
        if (jobLock is null)
        {
            return WorkOutcome.RunAgainAfter(context.Options.LeaseBusyRetry);
        }

        await using (jobLock.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, jobLock.Lost);
            var publisher = new JobPublisher(context.Blobs, message.JobId, context.Logger);
            var summary = await publisher.TryReadSummaryAsync(linked.Token).ConfigureAwait(false)
                ?? await PublishAsync(job.Value, publisher, linked.Token).ConfigureAwait(false);
            if (!context.Options.KeepWorkFiles)
            {
                // Before the terminal state, so a terminal job never has leftovers (a crash in between repeats this step).
                await DeleteWorkFilesAsync(message.JobId, linked.Token).ConfigureAwait(false);
            }

            await context.Jobs.UpdateAsync(name, s => JobDecisions.Finished(s, summary, context.Now), cancellationToken: linked.Token).ConfigureAwait(false);
            EngineTelemetry.JobFinished(summary);
            Log.JobFinished(context.Logger, message.JobId, summary.Status.ToString(), summary.Counts.Succeeded, summary.Counts.Failed,
                summary.Counts.Invalid, summary.Cost.EffectiveUsd, context.Catalog.Currency);
        }

        return WorkOutcome.Done;
    }

    private async Task<JobSummary> PublishAsync(JobState job, JobPublisher publisher, CancellationToken cancellationToken)
    {
        using var spool = new JobSpool(context.Options.SpoolDirectory, job.JobId);
        var totals = await new JobMerger(context, job).MergeAsync(spool, cancellationToken).ConfigureAwait(false);
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
        };
        return await publisher.PublishSummaryAsync(summary, cancellationToken).ConfigureAwait(false);
    }

    // Shard inputs and checkpoints are copies of what is now published; state blobs stay for `bi status`.
    private async Task DeleteWorkFilesAsync(string jobId, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in context.Blobs.ListAsync(StorageLayout.WorkContainer, StorageLayout.ShardsPrefix(jobId), cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            if (!item.Name.EndsWith("/state.json", StringComparison.Ordinal))
            {
                names.Add(item.Name);
            }
        }

        foreach (var name in names)
        {
            await context.Blobs.DeleteIfExistsAsync(StorageLayout.WorkContainer, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
