using System.Diagnostics;
using BatchInference.Jobs.Intake;
using BatchInference.Orchestrations.Budgets;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Decisions;
using BatchInference.Orchestrations.Durable;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.State;
using BatchInference.Orchestrations.Telemetry;
using BatchInference.Providers.Batches;
using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Steps;

/// <summary>
/// <c>CheckBatch</c>: the watcher of one shard's provider batch. Polls it (a durable timer with back-off), cancels it
/// at the shard's last safe moment or when the job stops, and once it ended checkpoints every answer and final error it
/// holds — paid work is never dropped — then hands the lines it did not answer (expired, cancelled, failed for a
/// reason worth retrying) to a real-time run of the shard. <see cref="CheckAsync"/> is the check itself, shared with
/// the shard orchestration's check activity; the message step turns its result into timers and sends.
/// </summary>
internal sealed class CheckBatchStep(EngineContext context)
{
    /// <summary>
    /// Checks the shard's batch once: <see cref="ShardNext.Poll"/> after a delay while it runs (or is being cancelled),
    /// <see cref="ShardNext.Slice"/> once it ended and was collected (the rest runs in real time),
    /// <see cref="ShardNext.Retry"/> when another worker holds the shard; null when there is no batch out to watch.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="index">The shard.</param>
    /// <param name="stopReason">Set when the shard was asked to stop: the batch is cancelled, as for a stopping job.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public async Task<ShardStep?> CheckAsync(string jobId, int index, string? stopReason, CancellationToken cancellationToken)
    {
        var job = await context.Jobs.ReadAsync(StorageLayout.JobState(jobId), cancellationToken).ConfigureAwait(false);
        var name = StorageLayout.ShardState(jobId, index);
        var shard = await context.Shards.ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (job is null || job.Value.Status.IsTerminal() || shard is null
            || shard.Value.Status != ShardStatus.Batched || shard.Value.Batch is not { Phase: ShardBatchPhase.Submitted, BatchId: { } batchId })
        {
            return null;
        }

        var lease = await context.TryLeaseAsync(name, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            return ShardStep.Retry(context.Options.LeaseBusyRetry);
        }

        await using (lease.ConfigureAwait(false))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            var state = shard.Value;
            var stopping = job.Value.StopRequested || stopReason is not null;
            EngineTelemetry.ShardTier(state.Tier, state.Provider ?? context.Options.Provider);
            var provider = context.Provider(state.Provider).Batch
                ?? throw new InvalidOperationException($"Shard {state.Index} has batch {batchId} at '{state.Batch.Provider}', which has no batch API configured here.");
            var batch = await provider.GetAsync(batchId, linked.Token).ConfigureAwait(false);
            var seenAt = context.Now;
            switch (BatchDecisions.Next(state, batch, stopping, context.Now, context.Options.BatchPollInterval, context.Options.BatchPollMaxInterval))
            {
                case WaitForBatch wait:
                    await RecordPollAsync(name, batch, wait.Delay, lease.LeaseId, linked.Token).ConfigureAwait(false);
                    Log.BatchPolled(context.Logger, jobId, index, batchId, batch.Status.ToString(), batch.Completed + batch.Failed, batch.Total, wait.Delay);
                    return ShardStep.Poll(wait.Delay);
                case CancelBatch cancel:
                    Log.BatchCancelling(context.Logger, jobId, index, batchId, cancel.Reason);
                    var cancelled = await CancelAsync(provider, batchId, linked.Token).ConfigureAwait(false);
                    var next = cancelled.IsTerminal ? TimeSpan.Zero : context.Options.BatchPollInterval; // ended at once: collect now
                    await context.Shards.UpdateAsync(
                        name,
                        s => s with
                        {
                            Batch = s.Batch! with { CancelRequestedAt = context.Now, LastStatus = cancelled.Status.ToString(), NextPollAt = context.Now + next },
                            TierChange = stopping ? s.TierChange : $"batch cancelled: {cancel.Reason}",
                            UpdatedAt = context.Now,
                        },
                        lease.LeaseId, linked.Token).ConfigureAwait(false);
                    return ShardStep.Poll(next);
                default:
                    await CollectAsync(job.Value, state, provider, batch, lease.LeaseId, linked.Token).ConfigureAwait(false);
                    await RecordRunAsync(state, batch, stopping, seenAt, linked.Token).ConfigureAwait(false);
                    return ShardStep.Slice;
            }
        }
    }

    // A batch that ended between the look and the cancel answers 409 (OpenAI: "Cannot cancel a batch with status …"):
    // that is the batch's end, to collect now, not a failure to retry.
    private static async Task<ProviderBatch> CancelAsync(IBatchProvider provider, string batchId, CancellationToken cancellationToken)
    {
        try
        {
            return await provider.CancelAsync(batchId, cancellationToken).ConfigureAwait(false);
        }
        catch (BatchProviderException conflict) when (conflict.StatusCode == 409)
        {
            var batch = await provider.GetAsync(batchId, cancellationToken).ConfigureAwait(false);
            if (batch.IsTerminal)
            {
                return batch;
            }

            throw;
        }
    }

    private Task RecordPollAsync(string name, ProviderBatch batch, TimeSpan delay, string leaseId, CancellationToken cancellationToken) =>
        context.Shards.UpdateAsync(
            name,
            s => s with
            {
                Batch = s.Batch! with { LastStatus = batch.Status.ToString(), Completed = batch.Completed, Polls = s.Batch.Polls + 1, NextPollAt = context.Now + delay },
                UpdatedAt = context.Now,
            },
            leaseId, cancellationToken);

    // Checkpoints what the ended batch holds. Answers and final per-line errors become records (skipping any a crashed
    // collection already wrote); lines that never ran or failed for a retryable reason stay open for the real-time run.
    private async Task CollectAsync(
        JobState job, ShardState shard, IBatchProvider provider, ProviderBatch batch, string leaseId, CancellationToken cancellationToken)
    {
        var resume = await ShardResume.LoadAsync(context.Blobs, job.JobId, shard.Index, cancellationToken).ConfigureAwait(false);
        var requests = BatchShardLines.Requests(await BatchShardLines.ReadAsync(context, shard, cancellationToken).ConfigureAwait(false));
        var builder = new PartRecordBuilder(job.JobId, job.Tags, context.Catalog, context.Options.Provider);
        var checkpoint = new ShardCheckpoint(context.Blobs, job.JobId, shard.Index, resume.NextPart);
        int answered = 0, failed = 0;
        var spent = 0m;
        var collectedBefore = requests.Keys.Any(resume.Done.Contains); // a collection that crashed half way
        await foreach (var result in provider.ReadResultsAsync(batch, cancellationToken).ConfigureAwait(false))
        {
            if (BatchShardLines.SequenceOf(result.CustomId) is not { } sequence || !requests.TryGetValue(sequence, out var request)
                || resume.Done.Contains(sequence) || !IsFinal(result))
            {
                continue;
            }

            var answeredLine = new AnsweredLine(sequence, request.LineNumber, request.Model, Outcome(request, result, batch), provider.Name, Tiers.Batch);
            var record = await builder.BuildAsync(answeredLine, cancellationToken).ConfigureAwait(false);
            checkpoint.Add(record, wasSent: true);
            spent += record.Cost;
            EngineTelemetry.ResultRecorded(Activity.Current, answeredLine, record);
            resume.Done.Add(sequence);
            _ = result.Succeeded ? answered++ : failed++;
            if (checkpoint.Buffered >= context.Options.CheckpointLines)
            {
                await checkpoint.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await checkpoint.FlushAsync(cancellationToken).ConfigureAwait(false);
        var left = requests.Keys.Count(s => !resume.Done.Contains(s));

        Log.BatchCollected(context.Logger, job.JobId, shard.Index, batch.Id, batch.Status.ToString(), answered, failed, left);
        await context.Shards.UpdateAsync(
            StorageLayout.ShardState(job.JobId, shard.Index),
            s => s with
            {
                Status = ShardStatus.Running,
                Batch = s.Batch! with
                {
                    Phase = ShardBatchPhase.Collected,
                    LastStatus = batch.Status.ToString(),
                    Completed = answered,
                    CollectedAt = context.Now,
                    NextPollAt = null,
                    ReservedUsd = 0m,
                },
                TierChange = left == 0 || s.TierChange is not null ? s.TierChange
                    : $"batch ended {batch.Status.ToString().ToLowerInvariant()} with {left} lines unanswered; they ran in real time",
                UpdatedAt = context.Now,
            },
            leaseId, cancellationToken).ConfigureAwait(false);

        // The unspent reservation goes back only after the state says "collected": a crash in between keeps it reserved,
        // which errs towards spending less, never more. A collection resumed after a crash did not see what the first
        // attempt spent, so it gives nothing back.
        if (shard.Batch is { ReservedUsd: > 0 } reservation && !collectedBefore)
        {
            await BatchBudget.SettleAsync(context, job, reservation.SubmittingAt, reservation.ReservedUsd, spent, cancellationToken).ConfigureAwait(false);
        }
    }

    // Teaches the planner how long this provider's batches take. The history is advice: failing to write it must not
    // fail the collection, which is done already.
    private async Task RecordRunAsync(ShardState shard, ProviderBatch batch, bool stopping, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        if (shard.Batch is not { Model: { } model } current || History.BatchRunSample.Of(current, batch, stopping, seenAt) is not { } sample)
        {
            return;
        }

        var key = History.CompletionKey.For(current.Provider, context.Providers.Find(current.Provider)?.BaseUrl, model, Tiers.Batch, current.Lines);
        try
        {
            await context.History.RecordAsync(key, sample, cancellationToken).ConfigureAwait(false);
            Log.CompletionRecorded(context.Logger, shard.JobId, shard.Index, key.BlobName, sample.Seconds, sample.Censored);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CompletionRecordFailed(context.Logger, shard.JobId, shard.Index, ex.Message);
        }
    }

    // An answer, or an error the request itself caused (4xx other than 408/429): final. Lines that never ran, and
    // errors another try may fix (429, 5xx, timeouts), are retried in real time.
    private static bool IsFinal(BatchResultLine result) =>
        result.Succeeded || (!result.NeverRan && result.StatusCode is >= 400 and < 500 and not 408 and not 429);

    private RealtimeOutcome Outcome(RequestLine request, BatchResultLine result, ProviderBatch batch)
    {
        var usage = result.Succeeded ? TokenUsageParser.Parse(result.Body) : null;
        var attempt = new AttemptRecord(1, result.StatusCode, result.RequestId, batch.CreatedAt, context.Now, usage, result.Succeeded ? null : result.ErrorCode);
        return new RealtimeOutcome(
            request.CustomId, result.Succeeded, result.StatusCode, result.RequestId, result.Body,
            result.Succeeded ? null : RealtimeErrorCodes.ProviderRejected, result.ErrorMessage, [attempt]);
    }
}
