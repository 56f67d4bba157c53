using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Messages;
using BatchInference.Orchestrations.Routing;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Workers;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// <c>RunShard</c>: takes the shard's lease, resumes it from its checkpoints and runs the rest; then records the shard
/// as finished in the job, and the worker that records the last shard sends <c>FinishJob</c>. A shard leased by
/// another worker is retried later (a durable timer), never run twice at once.
/// </summary>
internal sealed class RunShardStep(EngineContext context)
{
    /// <param name="message">The message.</param>
    /// <param name="deliveries">How many times the queue has delivered it (1 the first time).</param>
    /// <param name="cancellationToken">Stops the run; what is checkpointed stays.</param>
    public async Task<WorkOutcome> HandleAsync(RunShard message, int deliveries, CancellationToken cancellationToken)
    {
        var job = await context.Jobs.ReadAsync(StorageLayout.JobState(message.JobId), cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.Status.IsTerminal())
        {
            return WorkOutcome.Done;
        }

        var name = StorageLayout.ShardState(message.JobId, message.Shard);
        var shard = await context.Shards.ReadAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Job {message.JobId} has no shard {message.Shard} (work/{name} is missing).");
        if (!shard.Value.IsFinished)
        {
            var lease = await context.TryLeaseAsync(name, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                Log.ShardBusy(context.Logger, message.JobId, message.Shard);
                return WorkOutcome.RunAgainAfter(context.Options.LeaseBusyRetry);
            }

            await using (lease.ConfigureAwait(false))
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
                var parts = (await ShardCheckpointReader.ListPartsAsync(context.Blobs, message.JobId, message.Shard, linked.Token).ConfigureAwait(false)).Count;
                if (deliveries > 1 && parts > shard.Value.PartsAtLastRun)
                {
                    // The last worker checkpointed before it died: a crash, not a poison message. Start the delivery
                    // count over (a fresh copy of the message) so a shard that outlives many crashes is not failed.
                    await context.Shards.UpdateAsync(name, s => s with { PartsAtLastRun = parts, UpdatedAt = context.Now }, lease.LeaseId, linked.Token)
                        .ConfigureAwait(false);
                    Log.ShardResumedAfterCrash(context.Logger, message.JobId, message.Shard, deliveries);
                    return WorkOutcome.RunAgainAfter(TimeSpan.Zero);
                }

                var running = await context.Shards.UpdateAsync(
                    name,
                    s => s.IsFinished ? null : s with
                    {
                        Status = ShardStatus.Running,
                        Runs = s.Runs + 1,
                        PartsAtLastRun = parts,
                        StartedAt = s.StartedAt ?? context.Now,
                        UpdatedAt = context.Now,
                    },
                    lease.LeaseId, linked.Token).ConfigureAwait(false);
                var current = running!.Value;
                EngineTelemetry.ShardTier(current.Tier, current.Provider ?? context.Options.Provider);
                if (!current.IsFinished && current.Tier == Tiers.Batch && current.Batch is not { Phase: ShardBatchPhase.Collected })
                {
                    if (await new BatchSubmission(context, job.Value, lease).TrySubmitAsync(current, linked.Token).ConfigureAwait(false))
                    {
                        return WorkOutcome.Done; // out in a provider batch; its CheckBatch timer takes it from here
                    }

                    current = (await context.Shards.ReadAsync(name, linked.Token).ConfigureAwait(false))!.Value;
                }

                if (!current.IsFinished)
                {
                    var router = ShardRoutes.For(context, current, afterBatch: current.Batch is { Phase: ShardBatchPhase.Collected });
                    var lines = new LineRouter(context, router, job.Value.AllowedProviders, job.Value.RunUnpriced);
                    var stopped = await new ShardRun(context, job.Value, current, lines).RunAsync(linked.Token).ConfigureAwait(false);
                    if (router.SwitchReason is { } switched)
                    {
                        Log.ShardTierChanged(context.Logger, message.JobId, message.Shard, switched);
                    }

                    await context.Shards.UpdateAsync(
                        name,
                        s => s with
                        {
                            Status = stopped ? ShardStatus.Stopped : ShardStatus.Done,
                            TierChange = router.SwitchReason ?? s.TierChange,
                            FinishedAt = context.Now,
                            UpdatedAt = context.Now,
                        },
                        lease.LeaseId, linked.Token).ConfigureAwait(false);
                }
            }
        }

        var recorded = await context.Jobs.UpdateAsync(
            StorageLayout.JobState(message.JobId), s => JobDecisions.ShardFinished(s, message.Shard, context.Now), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (recorded is not null && JobDecisions.ShouldFinish(recorded.Value))
        {
            await context.SendAsync(new FinishJob(message.JobId), cancellationToken).ConfigureAwait(false);
        }

        return WorkOutcome.Done;
    }
}
