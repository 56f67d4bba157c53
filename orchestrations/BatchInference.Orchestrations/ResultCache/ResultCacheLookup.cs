using BatchInference.Jobs.Settings;
using BatchInference.Orchestrations.Checkpoints;
using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.Results;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.ResultCache;

/// <summary>
/// Answers a freshly split shard's lines from the result cache before the shard is planned: every hit becomes a record
/// of the shard's first checkpoint part, so the shard run and a provider batch skip it as done, and the planner never
/// counts it. Cached lines therefore cost nothing and take no real-time or batch capacity.
/// </summary>
internal sealed class ResultCacheLookup(EngineContext context, JobState job)
{
    private const int LookupsAtOnce = 16;

    private readonly ResultCacheStore _store = new(context.Blobs, context.Time);
    private readonly string _scope = ResultCacheKey.Scope(job.Tags);

    /// <summary>
    /// The sequences of <paramref name="content"/> (a shard file, left at position 0) answered from the cache. Run again
    /// for a shard whose first part exists (a split redone after a crash), it returns what that part holds.
    /// </summary>
    public async Task<IReadOnlySet<long>> AnswerAsync(int shard, Stream content, CancellationToken cancellationToken)
    {
        if (job.ResultCache == ResultCacheMode.Off)
        {
            return new HashSet<long>();
        }

        var candidates = await CacheableLines.ReadAsync(content, job.ResultCache, _scope, cancellationToken).ConfigureAwait(false);
        content.Position = 0;
        var resume = await ShardResume.LoadAsync(context.Blobs, job.JobId, shard, cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0 || resume.NextPart > 0)
        {
            return resume.Done;
        }

        var found = new ResultCacheEntry?[candidates.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, candidates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = LookupsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await _store.TryGetAsync(_scope, candidates[i].Key, job.ResultCacheTtl, ct).ConfigureAwait(false)).ConfigureAwait(false);

        var records = new PartRecordBuilder(job.JobId, job.Tags, context.Catalog, context.Options.Provider);
        var checkpoint = new ShardCheckpoint(context.Blobs, job.JobId, shard, nextPart: 0);
        var hits = new HashSet<long>();
        var now = context.Now;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (found[i] is { } entry)
            {
                var (sequence, request, _) = candidates[i];
                checkpoint.Add(await records.BuildAsync(new CachedLine(sequence, request.LineNumber, request.CustomId, request.Model, entry, now), cancellationToken)
                    .ConfigureAwait(false), wasSent: false);
                hits.Add(sequence);
            }
        }

        await checkpoint.FlushAsync(cancellationToken).ConfigureAwait(false);
        Log.ResultCacheLookedUp(context.Logger, job.JobId, shard, candidates.Count, hits.Count);
        return hits;
    }
}
