using BatchInference.Jobs.Summary;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// Work that kept failing after its retries (a Durable activity or shard orchestration that failed for good) fails the
/// job with a reason, for the job orchestration.
/// </summary>
internal sealed class JobFailure(EngineContext context)
{
    /// <summary>The reason recorded when splitting (<paramref name="shard"/> null) or a shard failed repeatedly.</summary>
    public static string StoppedReason(int? shard, string cause)
    {
        var what = shard is { } k ? $"shard {k}" : "splitting the input";
        return $"The job stopped: {what} failed repeatedly ({cause}); see the worker logs.";
    }

    /// <summary>Records the failure (the first reason wins); returns the job afterwards, or null when there is no such job.</summary>
    public async Task<JobState?> FailAsync(string jobId, int? shard, string cause, CancellationToken cancellationToken)
    {
        var reason = StoppedReason(shard, cause);
        var failed = await context.Jobs.UpdateAsync(
            StorageLayout.JobState(jobId), s => JobDecisions.Fail(s, reason, shard, context.Now), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return failed?.Value;
    }

    /// <summary>
    /// Merging and publishing keeps failing: publishes a failed summary so the job ends visibly. The checkpoints stay in
    /// work/&lt;jobId&gt;/ (nothing paid for is deleted). Returns the job afterwards, or null when there is no such job.
    /// </summary>
    public async Task<JobState?> FailUnfinishableAsync(string jobId, string cause, CancellationToken cancellationToken)
    {
        var job = await context.Jobs.ReadAsync(StorageLayout.JobState(jobId), cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.Status.IsTerminal())
        {
            return job?.Value;
        }

        var now = context.Now;
        var publisher = new JobPublisher(context.Blobs, jobId, context.Logger);
        var summary = await publisher.PublishSummaryAsync(
            new JobSummary
            {
                JobId = jobId,
                Status = JobSummaryStatus.Failed,
                FailureReason = $"Publishing the results failed repeatedly ({cause}); the checkpointed results are kept in work/{jobId}/shards/.",
                CreatedAt = job.Value.CreatedAt,
                StartedAt = job.Value.StartedAt,
                FinishedAt = now,
                Deadline = job.Value.Deadline ?? job.Value.CreatedAt,
                DeadlineMet = false,
                Source = job.Value.Source.ToString(),
            },
            cancellationToken).ConfigureAwait(false);
        var finished = await context.Jobs.UpdateAsync(StorageLayout.JobState(jobId), s => JobDecisions.Finished(s, summary, now), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return finished?.Value;
    }
}
