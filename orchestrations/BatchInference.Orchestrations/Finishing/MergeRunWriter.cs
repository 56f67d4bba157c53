using System.Globalization;
using BatchInference.Jobs.Intake;
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
/// The first pass of the merge for one shard: reads its records (all of its parts, sorted by sequence) and journal,
/// finds the lines that have no record (from the shard's input, only when there are any), and writes both, in sequence
/// order, as the shard's <see cref="MergeRun"/>. The shard's unknown outcomes (calls a crash lost the answers to) go
/// straight to the ledger spool.
/// </summary>
internal sealed class MergeRunWriter(EngineContext context, JobState job)
{
    /// <summary>Reads shard <paramref name="index"/>: its state, its records in sequence order and its journal.</summary>
    public async Task<ShardResults> ReadShardAsync(int index, CancellationToken cancellationToken)
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

    // The shard's records and the lines it has none for, in sequence order, in a local run; its unknown outcomes go
    // straight to the ledger.
    public async Task<MergeRunCursor> WriteRunAsync(ShardResults results, JobSpool spool, JobTotals totals, CancellationToken cancellationToken)
    {
        var (shard, records, _) = results;
        var gaps = await FindGapsAsync(shard, records, cancellationToken).ConfigureAwait(false);
        var run = new MergeRun(spool.PathOf(string.Create(CultureInfo.InvariantCulture, $"run-{shard.Index}.bin")));
        try
        {
            var next = 0;
            foreach (var (sequence, (line, customId)) in gaps.OrderBy(g => g.Key))
            {
                for (; next < records.Count && records[next].Sequence < sequence; next++)
                {
                    run.WriteRecord(records[next]);
                }

                run.WriteGap(sequence, line, customId);
            }

            for (; next < records.Count; next++)
            {
                run.WriteRecord(records[next]);
            }

            await WriteUnknownOutcomesAsync(results, spool, totals, cancellationToken).ConfigureAwait(false);
            return run.Reopen();
        }
        catch
        {
            run.Dispose();
            throw;
        }
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
            // The shard's copy is damaged or gone (it may be why the job failed): the merge names its lines from the
            // job's input, as sequences no run holds.
            Log.ShardInputUnreadable(context.Logger, job.JobId, shard.Index, ex.Message);
            gaps.Clear();
        }

        return gaps;
    }

    private static void AddGap(Dictionary<long, (long, string?)> gaps, HashSet<long> have, long sequence, JobLine line)
    {
        if (!have.Contains(sequence))
        {
            gaps[sequence] = (line.LineNumber, line switch { RequestLine r => r.CustomId, InvalidLine i => i.CustomId, _ => null });
        }
    }

    /// <summary>What the merge reads of one shard: its state, its records in sequence order and its journal.</summary>
    public sealed record ShardResults(ShardState Shard, List<PartRecord> Records, IReadOnlyList<SentLine> Journal);
}
