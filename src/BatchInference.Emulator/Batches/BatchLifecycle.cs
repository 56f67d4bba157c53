using BatchInference.Emulator.Hosting;
using Microsoft.Extensions.Logging;

namespace BatchInference.Emulator.Batches;

/// <summary>
/// Moves one batch through validating → in_progress → finalizing → completed (or failed, expired, cancelling →
/// cancelled) as its clock says. A phase change takes the time it was due, not the time it was noticed, so a manual
/// clock jumping ahead gives the same timestamps as one ticking through. Callers hold <see cref="BatchEngine"/>'s lock.
/// </summary>
internal sealed class BatchLifecycle(EmulatorState state, BatchLineAnswerer answerer, Func<ILogger> logger)
{
    // Lines are answered in small bursts rather than one timer per line: at 1000 lines/s that is 100 wake-ups a second.
    private static readonly TimeSpan LineTick = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs the batch up to <paramref name="now"/>, through as many phases as are due.</summary>
    public void Advance(BatchJob job, DateTimeOffset now, EmulatorOptions options)
    {
        while (!job.IsTerminal)
        {
            var before = job.Phase;
            switch (job.Phase)
            {
                case BatchPhase.Validating:
                    Validate(job, now);
                    break;
                case BatchPhase.InProgress:
                    Process(job, now, options);
                    break;
                case BatchPhase.Finalizing when now >= job.PhaseDueAt:
                    job.CompletedAt = job.PhaseDueAt;
                    End(job, BatchPhase.Completed);
                    break;
                case BatchPhase.Cancelling when now >= job.PhaseDueAt:
                    job.CancelledAt = job.PhaseDueAt;
                    NeverRan(job, BatchLineOutcome.Cancelled);
                    End(job, BatchPhase.Cancelled);
                    break;
            }

            if (job.Phase == before)
            {
                return;
            }
        }
    }

    public void StartCancelling(BatchJob job, DateTimeOffset now, EmulatorOptions options)
    {
        Move(job, BatchPhase.Cancelling);
        job.CancellingAt = now;
        job.PhaseDueAt = now + options.BatchCancelTime;
    }

    /// <summary>When the batch next needs a step (a phase ends, the window closes, the next lines are due).</summary>
    public static DateTimeOffset NextEventAt(BatchJob job, DateTimeOffset now, EmulatorOptions options) => job.Phase switch
    {
        BatchPhase.Validating => Min(job.PhaseDueAt, job.ExpiresAt),
        BatchPhase.InProgress when options.BatchStall => job.ExpiresAt,
        BatchPhase.InProgress => Min(job.ExpiresAt, now + Max(LineTick, TimeSpan.FromSeconds((1 - job.LineCredit) / options.BatchLinesPerSecond))),
        _ => job.PhaseDueAt,
    };

    private void Validate(BatchJob job, DateTimeOffset now)
    {
        if (job.ExpiresAt <= job.PhaseDueAt && now >= job.ExpiresAt)
        {
            Expire(job, job.ExpiresAt);
            return;
        }

        if (now < job.PhaseDueAt)
        {
            return;
        }

        if (job.ValidationErrors.Count > 0)
        {
            job.FailedAt = job.PhaseDueAt;
            End(job, BatchPhase.Failed);
            return;
        }

        Move(job, BatchPhase.InProgress);
        job.InProgressAt = job.PhaseDueAt;
        job.CreditedUntil = job.PhaseDueAt;
    }

    private void Process(BatchJob job, DateTimeOffset now, EmulatorOptions options)
    {
        var until = Min(now, job.ExpiresAt);
        var creditedFrom = job.CreditedUntil;
        var answeredAt = creditedFrom;
        if (until > job.CreditedUntil)
        {
            if (!options.BatchStall)
            {
                job.LineCredit += (until - job.CreditedUntil).TotalSeconds * options.BatchLinesPerSecond;
            }

            job.CreditedUntil = until;
        }

        while (job.NextLine < job.Requests.Count)
        {
            if (ExpiryFractionReached(job, options))
            {
                Expire(job, now);
                return;
            }

            if (job.LineCredit < 1)
            {
                break;
            }

            // A line is answered when its credit was earned, not when a late timer noticed it.
            answeredAt = Max(creditedFrom, until - TimeSpan.FromSeconds((job.LineCredit - 1) / options.BatchLinesPerSecond));
            Answer(job, job.Requests[job.NextLine], answeredAt);
            job.LineCredit -= 1;
        }

        if (job.NextLine == job.Requests.Count)
        {
            Move(job, BatchPhase.Finalizing);
            job.FinalizingAt = answeredAt;
            job.PhaseDueAt = answeredAt + options.BatchFinalizationTime;
        }
        else if (now >= job.ExpiresAt)
        {
            Expire(job, job.ExpiresAt);
        }
    }

    private static bool ExpiryFractionReached(BatchJob job, EmulatorOptions options) =>
        options.BatchExpireAfterFraction is double fraction && job.NextLine >= Math.Ceiling(fraction * job.Requests.Count);

    // Each answered line is one request in the log, tier batch, carrying its custom_id: what proves nothing was paid twice.
    private void Answer(BatchJob job, BatchRequest request, DateTimeOffset now)
    {
        var answer = answerer.Answer(request.Url, request.Body);
        var requestId = EmulatorIds.NewRequestId();
        state.RequestLog.Add(new EmulatorRequestRecord(
            now,
            "POST",
            request.Url,
            answer.Model,
            answer.StatusCode,
            answer.Succeeded,
            answer.Succeeded ? answer.PromptTokens : 0,
            answer.Succeeded ? answer.CachedTokens : 0,
            answer.Succeeded ? answer.CompletionTokens : 0,
            requestId,
            request.CustomId,
            EmulatorTiers.Batch,
            job.Descriptor.Provider,
            job.Id,
            answer.Succeeded ? answer.CacheWriteTokens : 0));
        var outcome = answer.Succeeded ? BatchLineOutcome.Succeeded : BatchLineOutcome.Failed;
        job.Results.Add(new BatchLineResult(request, outcome, EmulatorIds.NewBatchRequestId(), requestId, answer));
    }

    private void Expire(BatchJob job, DateTimeOffset at)
    {
        job.ExpiredAt = at;
        NeverRan(job, BatchLineOutcome.Expired);
        End(job, BatchPhase.Expired);
    }

    private static void NeverRan(BatchJob job, BatchLineOutcome outcome)
    {
        while (job.NextLine < job.Requests.Count)
        {
            job.Results.Add(new BatchLineResult(job.Requests[job.NextLine], outcome, EmulatorIds.NewBatchRequestId(), RequestId: null, Answer: null));
        }
    }

    private void End(BatchJob job, BatchPhase phase)
    {
        Move(job, phase);
        var snapshot = BatchSnapshot.Of(job);
        if (job.OnEnded is { } writeFiles)
        {
            var files = writeFiles(snapshot);
            job.OutputFileId = files.OutputFileId;
            job.ErrorFileId = files.ErrorFileId;
        }

        Log.BatchEnded(
            logger(),
            job.Id,
            phase.ToString(),
            snapshot.Count(BatchLineOutcome.Succeeded),
            snapshot.Count(BatchLineOutcome.Failed),
            snapshot.Count(BatchLineOutcome.Expired) + snapshot.Count(BatchLineOutcome.Cancelled));
    }

    private void Move(BatchJob job, BatchPhase phase)
    {
        Log.BatchPhaseChanged(logger(), job.Id, job.Phase.ToString(), phase.ToString());
        job.Phase = phase;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
