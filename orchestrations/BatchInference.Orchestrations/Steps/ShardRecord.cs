using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Steps;

/// <summary>Records in the job that a shard will not run again: finished, stopped, or failed for good.</summary>
internal static class ShardRecord
{
    /// <summary>Records the shard (idempotent); with <paramref name="failure"/>, the job fails with that reason too.
    /// Returns the job as stored afterwards, null when it is gone.</summary>
    public static async Task<JobState?> FinishedAsync(EngineContext context, string jobId, int shard, string? failure, CancellationToken cancellationToken)
    {
        var recorded = await context.Jobs.UpdateAsync(
            StorageLayout.JobState(jobId),
            s => failure is null ? JobDecisions.ShardFinished(s, shard, context.Now) : JobDecisions.Fail(s, failure, shard, context.Now),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return recorded?.Value;
    }
}
