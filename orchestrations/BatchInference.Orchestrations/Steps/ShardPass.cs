using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Leases;
using BatchInference.Orchestrations.Routing;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Telemetry;

namespace BatchInference.Orchestrations.Steps;

/// <summary>What one pass over a shard may do.</summary>
/// <param name="SubmitBatch">Hand a batch shard to its provider's batch API; otherwise such a shard answers <see cref="ShardNext.Submit"/>.</param>
/// <param name="RunLines">Run lines in real time; otherwise the pass ends with <see cref="ShardNext.Slice"/> where it would.</param>
/// <param name="Slice">The bounds of a real-time slice; null runs the shard to its end.</param>
/// <param name="StopReason">Set when the shard was asked to stop: it is marked stopped and runs nothing.</param>
internal sealed record ShardPassRequest(
    bool SubmitBatch = true, bool RunLines = true, ShardSliceLimits? Slice = null, string? StopReason = null);

/// <summary>
/// One pass over a shard under its lease, for the shard orchestration's slice and submit activities: resumes from the checkpoints, sends a batch shard to its provider, runs the rest (or a slice of
/// it) in real time, and marks the shard done or stopped. It returns what the shard needs next instead of acting on it:
/// the orchestration turns that into activities and durable timers.
/// A shard leased by another worker answers <see cref="ShardNext.Retry"/>, so it never runs twice at once.
/// </summary>
internal sealed class ShardPass(EngineContext context)
{
    public async Task<ShardStep> RunAsync(string jobId, int index, ShardPassRequest request, CancellationToken cancellationToken)
    {
        var job = await context.Jobs.ReadAsync(StorageLayout.JobState(jobId), cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.Status.IsTerminal())
        {
            return ShardStep.Stopped($"job {jobId} is over");
        }

        var name = StorageLayout.ShardState(jobId, index);
        var shard = await context.Shards.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Job {jobId} has no shard {index} (work/{name} is missing).");
        if (shard.Value.IsFinished)
        {
            return Final(shard.Value.Status, job.Value, request.StopReason);
        }

        if (!request.SubmitBatch && NeedsBatch(shard.Value))
        {
            // A batch that is out is watched to its end even when the shard must stop: its answers are paid for.
            if (shard.Value.Batch is { Phase: ShardBatchPhase.Submitted, NextPollAt: var at })
            {
                return ShardStep.Poll(request.StopReason is null ? (at ?? context.Now) - context.Now : TimeSpan.Zero);
            }

            if (request.StopReason is null)
            {
                return ShardStep.Submit;
            }
        }

        var lease = await context.TryLeaseAsync(name, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            Log.ShardBusy(context.Logger, jobId, index);
            return ShardStep.Retry(context.Options.LeaseBusyRetry);
        }

        await using (lease.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            return await RunLeasedAsync(job.Value, name, request, lease, linked.Token).ConfigureAwait(false);
        }
    }

    private async Task<ShardStep> RunLeasedAsync(JobState job, string name, ShardPassRequest request, BlobLeaseHolder lease, CancellationToken cancellationToken)
    {
        var shard = (await context.Shards.ReadAsync(name, cancellationToken).ConfigureAwait(false))!.Value;
        if (request.StopReason is { } stop)
        {
            await MarkAsync(name, ShardStatus.Stopped, null, lease, cancellationToken).ConfigureAwait(false);
            return ShardStep.Stopped(stop);
        }

        var parts = (await ShardCheckpointReader.ListPartsAsync(context.Blobs, job.JobId, shard.Index, cancellationToken).ConfigureAwait(false)).Count;
        var running = await context.Shards.UpdateAsync(
            name,
            s => s.IsFinished ? null : s with
            {
                // A shard out in a batch stays "batched" (its watcher looks for that); slices of one run count as one run.
                Status = s.Batch is { Phase: ShardBatchPhase.Submitted } ? s.Status : ShardStatus.Running,
                Runs = s.Status == ShardStatus.Running && request.Slice is not null ? s.Runs : s.Runs + 1,
                PartsAtLastRun = parts,
                StartedAt = s.StartedAt ?? context.Now,
                UpdatedAt = context.Now,
            },
            lease.LeaseId, cancellationToken).ConfigureAwait(false);
        var current = running!.Value;
        if (current.IsFinished)
        {
            return Final(current.Status, job, null);
        }

        EngineTelemetry.ShardTier(current.Tier, current.Provider ?? context.Options.Provider);
        if (NeedsBatch(current))
        {
            if (await new BatchSubmission(context, job, lease).TrySubmitAsync(current, cancellationToken).ConfigureAwait(false) is { } firstPoll)
            {
                return ShardStep.Poll(firstPoll);
            }

            current = (await context.Shards.ReadAsync(name, cancellationToken).ConfigureAwait(false))!.Value;
        }

        if (!request.RunLines)
        {
            return ShardStep.Slice;
        }

        var router = ShardRoutes.For(context, current, afterBatch: current.Batch is { Phase: ShardBatchPhase.Collected });
        var lines = new LineRouter(context, router, job.AllowedProviders, job.RunUnpriced);
        var end = await new ShardRun(context, job, current, lines, request.Slice).RunAsync(cancellationToken).ConfigureAwait(false);
        if (router.SwitchReason is { } switched)
        {
            Log.ShardTierChanged(context.Logger, job.JobId, current.Index, switched);
        }

        if (end == ShardRunEnd.SliceFull)
        {
            if (router.SwitchReason is not null)
            {
                await context.Shards.UpdateAsync(name, s => s with { TierChange = router.SwitchReason, UpdatedAt = context.Now }, lease.LeaseId, cancellationToken)
                    .ConfigureAwait(false);
            }

            return ShardStep.Slice;
        }

        var status = end == ShardRunEnd.Stopped ? ShardStatus.Stopped : ShardStatus.Done;
        await MarkAsync(name, status, router.SwitchReason, lease, cancellationToken).ConfigureAwait(false);
        return Final(status, await ReadJobAsync(job, cancellationToken).ConfigureAwait(false), null);
    }

    // Planned for a provider batch whose results are not collected yet.
    private static bool NeedsBatch(ShardState shard) =>
        shard.Tier == Tiers.Batch && shard.Batch is not { Phase: ShardBatchPhase.Collected };

    private Task MarkAsync(string name, ShardStatus status, string? tierChange, BlobLeaseHolder lease, CancellationToken cancellationToken) =>
        context.Shards.UpdateAsync(
            name,
            s => s.IsFinished ? null : s with { Status = status, TierChange = tierChange ?? s.TierChange, FinishedAt = context.Now, UpdatedAt = context.Now },
            lease.LeaseId, cancellationToken);

    private async Task<JobState> ReadJobAsync(JobState job, CancellationToken cancellationToken) =>
        (await context.Jobs.ReadAsync(StorageLayout.JobState(job.JobId), cancellationToken).ConfigureAwait(false))?.Value ?? job;

    private static ShardStep Final(ShardStatus status, JobState job, string? stopReason) =>
        status == ShardStatus.Done ? ShardStep.Done : ShardStep.Stopped(stopReason ?? StopReasonOf(job));

    /// <summary>Why a job's shards stop: its cancel, its failure, or the job being over.</summary>
    public static string StopReasonOf(JobState job) =>
        job.FailureReason is { } failure ? $"the job is failing: {failure}"
        : job.CancelRequested ? "the job was cancelled"
        : "the job is over";
}
