using System.Text.Json;
using BatchInference.Jobs.Settings;
using BatchInference.Ledger.Spend;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Layout;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.ResultCache;

/// <summary>
/// Stores a finishing job's successful answers in the result cache, whatever tier gave them: it reads each shard's
/// input (for the request's canonical key) and its checkpoint parts (for the answer), so only answers that were
/// checkpointed, and so are in the job's results, are ever stored. Lines answered from the cache are not stored again:
/// their age keeps counting from the original call. Best effort: a failure here is logged and never fails the job.
/// </summary>
internal sealed class ResultCacheFill(EngineContext context, JobState job)
{
    private const int WritesAtOnce = 16;

    private readonly ResultCacheStore _store = new(context.Blobs, context.Time);
    private readonly string _scope = ResultCacheKey.Scope(job.Tags);

    public async Task StoreAsync(CancellationToken cancellationToken)
    {
        if (job.ResultCache == ResultCacheMode.Off || job.ShardCount is not { } shards)
        {
            return;
        }

        try
        {
            long stored = 0;
            for (var shard = 0; shard < shards; shard++)
            {
                stored += await StoreShardAsync(shard, cancellationToken).ConfigureAwait(false);
            }

            Log.ResultCacheStored(context.Logger, job.JobId, stored);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ResultCacheStoreFailed(context.Logger, job.JobId, ex.Message);
        }
    }

    private async Task<int> StoreShardAsync(int shard, CancellationToken cancellationToken)
    {
        var keys = await CacheableLinesAsync(shard, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return 0;
        }

        var entries = new List<ResultCacheEntry>();
        await foreach (var record in ShardCheckpointReader.ReadRecordsAsync(context.Blobs, job.JobId, shard, cancellationToken).ConfigureAwait(false))
        {
            if (record.Kind == ResultKind.Succeeded && keys.TryGetValue(record.Sequence, out var line) && EntryOf(record, line) is { } entry)
            {
                entries.Add(entry);
            }
        }

        await Parallel.ForEachAsync(
            entries, new ParallelOptions { MaxDegreeOfParallelism = WritesAtOnce, CancellationToken = cancellationToken },
            async (entry, ct) => await _store.PutAsync(entry, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return entries.Count;
    }

    // Sequence → (key, url, model) of every line the job's mode lets into the cache.
    private async Task<Dictionary<long, (string Key, string Url, string Model)>> CacheableLinesAsync(int shard, CancellationToken cancellationToken)
    {
        var download = await context.Blobs.DownloadAsync(
            StorageLayout.WorkContainer, StorageLayout.ShardInput(job.JobId, shard), cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            var lines = await CacheableLines.ReadAsync(download.Content, job.ResultCache, _scope, cancellationToken).ConfigureAwait(false);
            return lines.ToDictionary(l => l.Sequence, l => (l.Key, l.Request.Url, l.Request.Model));
        }
    }

    // The answer as the output line holds it, from the provider of its paid attempt; null for a hit or a line without one.
    private ResultCacheEntry? EntryOf(PartRecord record, (string Key, string Url, string Model) line)
    {
        if (record.Ledger.Count == 0)
        {
            return null;
        }

        var paid = LedgerJson.FromLine(record.Ledger[^1].Span);
        if (paid.ResultCacheHit)
        {
            return null;
        }

        using var output = JsonDocument.Parse(record.Out);
        if (!output.RootElement.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var body = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(response.GetProperty("body")).ToArray();
        return new ResultCacheEntry(
            line.Key, _scope, line.Url, line.Model, paid.Provider, job.JobId, context.Now,
            response.GetProperty("status_code").GetInt32(), response.GetProperty("request_id").GetString(), body);
    }
}
