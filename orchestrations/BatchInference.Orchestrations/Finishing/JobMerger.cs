using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Output;
using BatchInference.Jobs.Sharding;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Jobs;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.State;
using BatchInference.Storage.Blobs;

namespace BatchInference.Orchestrations.Finishing;

/// <summary>
/// Fan-in: merges every shard's checkpoint records into the job's <c>output.jsonl</c>, <c>errors.jsonl</c> and ledger
/// spool files in input order, one shard at a time (memory is bounded by two shards' results, not the job's). Lines
/// that never ran because the job was cancelled or failed get an error record, so every input line is accounted for
/// (those of a job cancelled before its split too: <see cref="CancelledInputRecords"/>).
/// </summary>
/// <remarks>
/// Reading a shard is hundreds of small downloads (checkpoint parts, journal groups) and writing it is local work, so
/// the next shard is read while the current one is written, and a shard's parts and journal are read at the same time.
/// </remarks>
internal sealed class JobMerger(EngineContext context, JobState job)
{
    public async Task<JobTotals> MergeAsync(JobSpool spool, CancellationToken cancellationToken)
    {
        var totals = new JobTotals();
        if (CancelledInputRecords.Applies(job))
        {
            await new CancelledInputRecords(context, job).WriteAsync(spool, totals, cancellationToken).ConfigureAwait(false);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<ShardResults>? next = job.ShardCount > 0 ? ReadShardAsync(0, stop.Token) : null;
        try
        {
            for (var k = 0; k < job.ShardCount; k++)
            {
                var shard = await next!.ConfigureAwait(false);
                next = k + 1 < job.ShardCount ? ReadShardAsync(k + 1, stop.Token) : null;
                await MergeShardAsync(shard, spool, totals, cancellationToken).ConfigureAwait(false);
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

        await spool.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await spool.Errors.FlushAsync(cancellationToken).ConfigureAwait(false);
        await spool.Ledger.FlushAsync(cancellationToken).ConfigureAwait(false);
        return totals;
    }

    private async Task<ShardResults> ReadShardAsync(int index, CancellationToken cancellationToken)
    {
        var shard = await context.Shards.ReadAsync(StorageLayout.ShardState(job.JobId, index), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Job {job.JobId} has no state for shard {index}.");
        var journal = UnknownOutcomes.ReadJournalAsync(context.Blobs, job.JobId, index, cancellationToken);
        var records = new List<PartRecord>();
        try
        {
            await foreach (var record in ShardCheckpointReader.ReadRecordsAsync(context.Blobs, job.JobId, index, cancellationToken).ConfigureAwait(false))
            {
                records.Add(record);
            }
        }
        finally
        {
            // Not left running when the records fail; its own failure, if any, is thrown below.
            await ((Task)journal).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        records.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return new ShardResults(shard.Value, records, await journal.ConfigureAwait(false));
    }

    private async Task MergeShardAsync(ShardResults results, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var (shard, records, _) = results;
        var gaps = await FindGapsAsync(shard, records, cancellationToken).ConfigureAwait(false);
        var next = 0;
        long? previous = null;
        for (var sequence = shard.FirstSequence; sequence < shard.FirstSequence + shard.LineCount; sequence++)
        {
            if (next < records.Count && records[next].Sequence == sequence)
            {
                await WriteAsync(records[next++], spool, totals, cancellationToken).ConfigureAwait(false);
                previous = sequence;

                // A second record of one line means it was sent twice: publish one answer, but keep both charges.
                while (next < records.Count && records[next].Sequence == previous)
                {
                    Log.DuplicateResult(context.Logger, job.JobId, shard.Index, sequence);
                    await WriteLedgerAsync(records[next++], spool, totals, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var (line, customId) = gaps[sequence];
            await WriteNotRunAsync(line, customId, spool, totals, cancellationToken).ConfigureAwait(false);
        }

        await WriteUnknownOutcomesAsync(results, spool, totals, cancellationToken).ConfigureAwait(false);
    }

    // Calls a crash lost the answers to: in the ledger, apart from what is known to be spent.
    private async Task WriteUnknownOutcomesAsync(ShardResults results, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var unknown = UnknownOutcomes.Find(job.JobId, results.Journal, results.Records, job.Tags, context.Catalog);
        foreach (var entry in unknown)
        {
            await spool.Ledger.WriteAsync(LedgerJson.ToLine(entry), cancellationToken).ConfigureAwait(false);
            spool.Ledger.WriteByte((byte)'\n');
            totals.UnknownOutcomeCalls++;
            totals.UnknownOutcomeMaxCost += entry.EstimatedMaxCost ?? 0m;
        }
    }

    private async Task WriteAsync(PartRecord record, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
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

        await WriteLedgerAsync(record, spool, totals, cancellationToken).ConfigureAwait(false);
    }

    // A line counts under the tier of its paid answer (its last ledger entry): a batch line the hedge moved to real time
    // counts as real time.
    private static async Task WriteLedgerAsync(PartRecord record, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
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

    // The input line number and custom_id of every line without a record; read from the shard input only if there are any.
    private async Task<Dictionary<long, (long Line, string? CustomId)>> FindGapsAsync(
        ShardState shard, List<PartRecord> records, CancellationToken cancellationToken)
    {
        var gaps = new Dictionary<long, (long, string?)>();
        if (records.Select(r => r.Sequence).Distinct().Count() >= shard.LineCount)
        {
            return gaps;
        }

        var have = records.Select(r => r.Sequence).ToHashSet();
        try
        {
            var download = await context.Blobs.DownloadAsync(
                StorageLayout.WorkContainer, StorageLayout.ShardInput(job.JobId, shard.Index), cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (download.ConfigureAwait(false))
            {
                await foreach (var (sequence, line) in ShardEnvelopeReader.ReadAsync(download.Content, cancellationToken).ConfigureAwait(false))
                {
                    AddGap(gaps, have, sequence, line);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or BlobStorageException { Status: 404 })
        {
            // The shard's copy is damaged or gone (it may be why the job failed): name the lines from the job's input.
            Log.ShardInputUnreadable(context.Logger, job.JobId, shard.Index, ex.Message);
            gaps.Clear();
            await FindGapsInSourceAsync(shard, gaps, have, cancellationToken).ConfigureAwait(false);
        }

        return gaps;
    }

    private async Task FindGapsInSourceAsync(
        ShardState shard, Dictionary<long, (long, string?)> gaps, HashSet<long> have, CancellationToken cancellationToken)
    {
        var download = await context.Blobs.DownloadAsync(job.Source.Container, job.Source.Blob, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            long sequence = 0;
            var options = new JsonlReaderOptions { MaxLineBytes = context.Options.MaxLineBytes };
            await foreach (var line in JsonlRequestReader.ReadAsync(download.Content, new JsonlReaderStats(), options, cancellationToken).ConfigureAwait(false))
            {
                if (sequence >= shard.FirstSequence + shard.LineCount)
                {
                    break;
                }

                if (sequence >= shard.FirstSequence)
                {
                    AddGap(gaps, have, sequence, line);
                }

                sequence++;
            }
        }
    }

    private static void AddGap(Dictionary<long, (long, string?)> gaps, HashSet<long> have, long sequence, JobLine line)
    {
        if (!have.Contains(sequence))
        {
            gaps[sequence] = (line.LineNumber, line switch { RequestLine r => r.CustomId, InvalidLine i => i.CustomId, _ => null });
        }
    }

    /// <summary>What the merge reads of one shard: its state, its records in sequence order and its journal.</summary>
    private sealed record ShardResults(ShardState Shard, List<PartRecord> Records, IReadOnlyList<SentLine> Journal);
}
