using BatchInference.Jobs.Output;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Finishing;

/// <summary>
/// Fan-in: merges every shard's checkpoint records into the job's <c>output.jsonl</c>, <c>errors.jsonl</c> and ledger
/// spool files in input order. Lines that never ran because the job was cancelled or failed get an error record, so
/// every input line is accounted for (those of a job cancelled before its split too: <see cref="CancelledInputRecords"/>).
/// </summary>
/// <remarks>
/// <para>A shard holds one endpoint and model, so the sequences of different shards interleave. The merge runs in two
/// passes: each shard in turn is read, sorted and written to a local <see cref="MergeRun"/> in sequence order (with a
/// gap entry for each of its lines without a record); then every run is read at once, one entry each, and the lowest
/// sequence is written next (a k-way merge). Memory is bounded by two shards' records in the first pass and one
/// entry and a small read buffer per shard in the second, not by the job.</para>
/// <para>Reading a shard is hundreds of small downloads (checkpoint parts, journal groups) and writing its run is local
/// work, so the next shard is read while the current one is written, and a shard's parts and journal are read at the
/// same time.</para>
/// </remarks>
internal sealed class JobMerger(EngineContext context, JobState job)
{
    private readonly MergeRunWriter _runs = new(context, job);

    public async Task<JobTotals> MergeAsync(JobSpool spool, CancellationToken cancellationToken)
    {
        var totals = new JobTotals();
        if (CancelledInputRecords.Applies(job))
        {
            await new CancelledInputRecords(context, job).WriteAsync(spool, totals, cancellationToken).ConfigureAwait(false);
        }

        var runs = new List<(MergeRunCursor Cursor, int Shard)>();
        try
        {
            await WriteRunsAsync(spool, totals, runs, cancellationToken).ConfigureAwait(false);
            await MergeRunsAsync(runs, spool, totals, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (cursor, _) in runs)
            {
                cursor.Dispose();
            }
        }

        await spool.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await spool.Errors.FlushAsync(cancellationToken).ConfigureAwait(false);
        await spool.Ledger.FlushAsync(cancellationToken).ConfigureAwait(false);
        return totals;
    }

    // The first pass: every shard's run, each positioned on its first entry.
    private async Task WriteRunsAsync(JobSpool spool, JobTotals totals, List<(MergeRunCursor, int)> runs, CancellationToken cancellationToken)
    {
        var count = job.ShardCount ?? 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<MergeRunWriter.ShardResults>? next = count > 0 ? _runs.ReadShardAsync(0, stop.Token) : null;
        try
        {
            for (var k = 0; k < count; k++)
            {
                var shard = await next!.ConfigureAwait(false);
                next = k + 1 < count ? _runs.ReadShardAsync(k + 1, stop.Token) : null;
                var cursor = await _runs.WriteRunAsync(shard, spool, totals, cancellationToken).ConfigureAwait(false);
                if (cursor.MoveNext())
                {
                    runs.Add((cursor, k));
                }
                else
                {
                    // No record and an unreadable input: its lines are named from the job's input.
                    cursor.Dispose();
                }
            }
        }
        finally
        {
            // A failed merge must not leave the next shard's downloads running.
            if (next is not null)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    // The second pass: the lowest sequence of all runs next. A sequence no run has (its shard's input was unreadable)
    // is named from the job's input.
    private async Task MergeRunsAsync(List<(MergeRunCursor Cursor, int Shard)> runs, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var queue = new PriorityQueue<(MergeRunCursor Cursor, int Shard), long>(runs.Select(r => (r, r.Cursor.Current!.Sequence)));
        var source = new SourceLineCursor(context, job);
        await using (source.ConfigureAwait(false))
        {
            long expected = 0;
            while (queue.TryDequeue(out var run, out _))
            {
                var entry = run.Cursor.Current!;
                if (entry.Sequence < expected)
                {
                    // A second record of one line means it was sent twice: publish one answer, but keep both charges.
                    Log.DuplicateResult(context.Logger, job.JobId, run.Shard, entry.Sequence);
                    await WriteLedgerAsync(entry.Record!, run.Shard, spool, totals, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    for (; expected < entry.Sequence; expected++)
                    {
                        await WriteFromSourceAsync(source, expected, spool, totals, cancellationToken).ConfigureAwait(false);
                    }

                    await (entry.Record is { } record
                        ? WriteAsync(record, run.Shard, spool, totals, cancellationToken)
                        : WriteNotRunAsync(entry.Line, entry.CustomId, spool, totals, cancellationToken)).ConfigureAwait(false);
                    expected = entry.Sequence + 1;
                }

                if (run.Cursor.MoveNext())
                {
                    queue.Enqueue(run, run.Cursor.Current!.Sequence);
                }
            }

            for (; expected < job.Lines && job.ShardCount > 0; expected++)
            {
                await WriteFromSourceAsync(source, expected, spool, totals, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteFromSourceAsync(SourceLineCursor source, long sequence, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var (line, customId) = await source.ReadAsync(sequence, cancellationToken).ConfigureAwait(false);
        await WriteNotRunAsync(line, customId, spool, totals, cancellationToken).ConfigureAwait(false);
    }


    private async Task WriteAsync(PartRecord record, int shard, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var target = record.Kind == ResultKind.Succeeded ? spool.Output : spool.Errors;
        await target.WriteAsync(record.Out, cancellationToken).ConfigureAwait(false);
        target.WriteByte((byte)'\n');
        switch (record.Kind)
        {
            case ResultKind.Succeeded:
                totals.Succeeded++;
                break;
            case ResultKind.Failed:
                totals.Failed++;
                break;
            default:
                totals.Invalid++;
                break;
        }

        totals.Attempts += record.Attempts;
        if (record.Kind != ResultKind.Invalid && record.Model is { } model)
        {
            totals.Models[model] = totals.Models.GetValueOrDefault(model) + 1;
        }

        await WriteLedgerAsync(record, shard, spool, totals, cancellationToken).ConfigureAwait(false);
    }

    // A line counts under the tier of its paid answer (its last ledger entry): a batch line the hedge moved to real time
    // counts as real time.
    private static async Task WriteLedgerAsync(PartRecord record, int shard, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        string? tier = null;
        string? unpricedModel = null;
        foreach (var line in record.Ledger)
        {
            await spool.Ledger.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            spool.Ledger.WriteByte((byte)'\n');
            var entry = LedgerJson.FromLine(line.Span);
            totals.PaidAttempts++;
            totals.InputTokens += entry.InputTokens;
            totals.CachedInputTokens += entry.CachedInputTokens;
            totals.OutputTokens += entry.OutputTokens;
            totals.ReasoningTokens += entry.ReasoningTokens;
            totals.ListCost += entry.RealtimeListCost ?? entry.ListCost; // what all-real-time would have cost: savings are against that
            totals.EffectiveCost += entry.EffectiveCost;
            totals.AddLevers(entry);
            totals.Throughput.Add(shard, record.Sequence, entry);
            totals.ChargeDates.Add(DateOnly.FromDateTime(entry.FinishedAt.UtcDateTime));
            if (SpendReportWriter.NeedsWideMoney(entry))
            {
                totals.WideMoneyDates.Add(DateOnly.FromDateTime(entry.FinishedAt.UtcDateTime));
            }
            tier = entry.Tier;
            unpricedModel = entry.Unpriced ? entry.Model : unpricedModel;
        }

        // A line counts once however many of its attempts were paid without a price.
        if (unpricedModel is not null)
        {
            totals.UnpricedModels[unpricedModel] = totals.UnpricedModels.GetValueOrDefault(unpricedModel) + 1;
        }

        if (tier is not null && record.Kind == ResultKind.Succeeded)
        {
            totals.Tiers[tier] = totals.Tiers.GetValueOrDefault(tier) + 1;
        }
    }

    private async Task WriteNotRunAsync(long line, string? customId, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var (code, message) = job.FailureReason is { } reason ? ("job_failed", $"The job failed before this line ran: {reason}")
            : job.CancelRequested ? ("job_cancelled", "The job was cancelled before this line ran.")
            : throw new InvalidDataException($"Job {job.JobId} has no result for input line {line}, and it was neither cancelled nor failed.");
        var writer = new BatchOutputWriter(spool.Errors, job.JobId);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteErrorAsync(line, customId, code, message, cancellationToken).ConfigureAwait(false);
        }

        totals.Invalid++;
    }
}
