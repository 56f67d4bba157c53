using BatchInference.Jobs.Intake;
using BatchInference.Orchestrations.Budgets;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.PromptCaching;
using BatchInference.Orchestrations.Leases;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.Routing;
using BatchInference.Orchestrations.State;
using BatchInference.Providers.Batches;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// Hands a batch shard's lines to its provider's batch API, under the shard's lease. "Submitting" is recorded before
/// the batch is created, so after a crash the next worker looks the batch up by its metadata and adopts it: one
/// provider batch per attempt, never two. Lines the intake rejected are checkpointed as errors first; they never go out.
/// Returns the delay before the batch's first poll once the shard is out in a batch (whoever called decides how to
/// wait: the shard orchestration's durable timer), or null when the shard cannot go to a batch (no batch API, too
/// late, a budget cap to hold line by line, nothing left): it then runs in real time, and
/// <see cref="ShardState.TierChange"/> says why.
/// </summary>
internal sealed class BatchSubmission(EngineContext context, JobState job, BlobLeaseHolder lease)
{
    public async Task<TimeSpan?> TrySubmitAsync(ShardState shard, CancellationToken cancellationToken)
    {
        var name = StorageLayout.ShardState(shard.JobId, shard.Index);
        if (shard.Batch is { Phase: ShardBatchPhase.Submitted })
        {
            // Asked again (a retried activity): the batch is out and its timer may be lost; polling once more is harmless.
            return TimeSpan.Zero;
        }

        var endpoint = context.Provider(shard.Provider);
        var reason = job.StopRequested ? "the job is stopping"
            : endpoint.Batch is null ? $"provider '{endpoint.Name}' has no batch API configured"
            : shard.LastSafeMoment is { } last && context.Now >= last ? $"it was past the shard's last safe moment ({last:u}) when it could be submitted"
            : null;
        if (reason is not null)
        {
            await FallBackAsync(shard.Index, name, reason, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var provider = endpoint.Batch!;
        var resume = await ShardResume.LoadAsync(context.Blobs, job.JobId, shard.Index, cancellationToken).ConfigureAwait(false);
        var lines = await BatchShardLines.ReadAsync(context, shard, cancellationToken).ConfigureAwait(false);
        await CheckpointRejectionsAsync(shard, lines, resume, cancellationToken).ConfigureAwait(false);
        var hints = await ShardCacheHints.PlanAsync(context, job, shard, lines, cancellationToken).ConfigureAwait(false);
        var requests = (hints?.Order ?? lines)
            .Where(l => l.Line is RequestLine && !resume.Done.Contains(l.Sequence))
            .Select(l => (l.Sequence, Request: (RequestLine)l.Line))
            .ToList();
        var urls = requests.Select(r => r.Request.Url).Distinct(StringComparer.Ordinal).ToList();
        reason = requests.Count == 0 ? "no line was left to send"
            : urls.Count > 1 ? "its lines use more than one URL and a batch takes one"
            : !provider.Supports(urls[0]) ? $"the {provider.Name} batch API does not serve {urls[0]}"
            : requests.Count > provider.MaxLines ? $"it has more lines than a {provider.Name} batch takes ({provider.MaxLines})"
            : requests.FirstOrDefault(r => !context.Catalog.TryGetPrice(provider.Name, r.Request.Model, Tiers.Batch, out _)).Request is { } unpriced
                ? $"model '{unpriced.Model}' has no batch price for {provider.Name}"
            : null;
        if (reason is not null)
        {
            await FallBackAsync(shard.Index, name, reason, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // Record "submitting" first. A crash after the provider created the batch leaves this trace to adopt it by.
        var adopting = shard.Batch is { Phase: ShardBatchPhase.Submitting } earlier && earlier.Lines == requests.Count ? earlier : null;
        var reserved = adopting?.ReservedUsd ?? 0m;
        if (adopting is null)
        {
            // A budget cap holds for a batch as a whole: its lines' estimates are reserved before it goes out, and what
            // they did not cost is given back when the results are collected. If the cap cannot cover the whole batch,
            // the shard runs in real time, where each line is held to the cap on its own.
            (reserved, var exceeded) = await BatchBudget.ReserveAsync(
                context, job, provider.Name, requests.Select(r => r.Request), context.Now, cancellationToken).ConfigureAwait(false);
            if (exceeded is not null)
            {
                await FallBackAsync(shard.Index, name, $"its estimated cost does not fit under {exceeded.Description} as a whole", cancellationToken)
                    .ConfigureAwait(false);
                return null;
            }
        }

        var submitting = adopting ?? new ShardBatch
        {
            Attempt = (shard.Batch?.Attempt ?? 0) + 1,
            Phase = ShardBatchPhase.Submitting,
            Provider = provider.Name,
            SubmittingAt = context.Now,
            Model = requests[0].Request.Model,
            Lines = requests.Count,
            ReservedUsd = reserved,
        };
        if (adopting is null)
        {
            await context.Shards.UpdateAsync(name, s => s with { Batch = submitting, UpdatedAt = context.Now }, lease.LeaseId, cancellationToken)
                .ConfigureAwait(false);
        }

        var key = new BatchKey(job.JobId, shard.Index, submitting.Attempt);
        var batch = adopting is null ? null : await provider.FindAsync(key, adopting.SubmittingAt, adopting.Lines, cancellationToken).ConfigureAwait(false);
        if (batch is not null)
        {
            Log.BatchAdopted(context.Logger, job.JobId, shard.Index, batch.Id, submitting.Attempt);
        }
        else
        {
            var deploymentOf = ShardRoutes.Deployments(context, provider.Name, Tiers.Batch);
            var input = requests.Select(r => (r, Body: hints?.BodyOf(r.Sequence, r.Request) ?? r.Request.Body)).Select(x => new BatchInputLine(
                BatchShardLines.IdOf(x.r.Sequence),
                deploymentOf(x.r.Request.Model) is { } deployment && deployment != x.r.Request.Model ? ModelBody.WithModel(x.Body, deployment) : x.Body))
                .ToList();
            try
            {
                batch = await provider.CreateAsync(key, urls[0], input, cancellationToken).ConfigureAwait(false);
            }
            catch (BatchProviderException refused) when (!refused.IsTransient)
            {
                // A clear refusal (4xx: the file or the batch was rejected) means no batch exists: run the lines in real
                // time, giving the reservation back. A transient failure (429, 5xx, no answer) may hide a created batch,
                // so it is retried through the activity, and the retry finds and adopts it.
                await context.Shards.UpdateAsync(name, s => s with { Batch = null, UpdatedAt = context.Now }, lease.LeaseId, cancellationToken)
                    .ConfigureAwait(false);
                await BatchBudget.SettleAsync(context, job, submitting.SubmittingAt, submitting.ReservedUsd, 0m, cancellationToken).ConfigureAwait(false);
                await FallBackAsync(shard.Index, name, $"the {provider.Name} batch API refused it ({refused.Message})", cancellationToken).ConfigureAwait(false);
                return null;
            }

            Log.BatchCreated(context.Logger, job.JobId, shard.Index, provider.Name, batch.Id, requests.Count);
        }

        var delay = BatchDecisions.FirstPoll(shard, context.Now, context.Options.BatchPollInterval);
        await context.Shards.UpdateAsync(
            name,
            s => s with
            {
                Status = ShardStatus.Batched,
                Batch = submitting with
                {
                    Phase = ShardBatchPhase.Submitted,
                    BatchId = batch.Id,
                    LastStatus = batch.Status.ToString(),
                    NextPollAt = context.Now + delay,
                },
                UpdatedAt = context.Now,
            },
            lease.LeaseId, cancellationToken).ConfigureAwait(false);
        return delay;
    }

    private async Task FallBackAsync(int shard, string name, string reason, CancellationToken cancellationToken)
    {
        var text = $"planned as a batch, ran in real time: {reason}";
        Log.ShardTierChanged(context.Logger, job.JobId, shard, text);
        await context.Shards.UpdateAsync(name, s => s with { Tier = Tiers.Realtime, TierChange = text, UpdatedAt = context.Now }, lease.LeaseId, cancellationToken)
            .ConfigureAwait(false);
    }

    // Bad lines never go to the provider: their error records are checkpointed now, like a real-time run would.
    private async Task CheckpointRejectionsAsync(ShardState shard, List<BatchInference.Jobs.Sharding.ShardLine> lines, ShardResume resume, CancellationToken cancellationToken)
    {
        var rejected = lines.Where(l => l.Line is InvalidLine && !resume.Done.Contains(l.Sequence)).ToList();
        if (rejected.Count == 0)
        {
            return;
        }

        var builder = new PartRecordBuilder(job.JobId, job.Tags, context.Catalog, context.Options.Provider);
        var checkpoint = new ShardCheckpoint(context.Blobs, job.JobId, shard.Index, resume.NextPart);
        foreach (var line in rejected)
        {
            var invalid = (InvalidLine)line.Line;
            var record = await builder.BuildAsync(
                new RejectedLine(line.Sequence, invalid.LineNumber, invalid.CustomId, invalid.Code, invalid.Message), cancellationToken).ConfigureAwait(false);
            checkpoint.Add(record, wasSent: false);
            resume.Done.Add(line.Sequence);
        }

        await checkpoint.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
