using BatchInference.Jobs.Intake;
using BatchInference.Jobs.Settings;
using BatchInference.Jobs.Sharding;

namespace BatchInference.Orchestrations.ResultCache;

/// <summary>The lines of a shard file the result cache may answer and store, with their keys: one reading for lookup and fill alike.</summary>
internal static class CacheableLines
{
    public static async Task<List<(long Sequence, RequestLine Request, string Key)>> ReadAsync(
        Stream shardFile, ResultCacheMode mode, string scope, CancellationToken cancellationToken)
    {
        var lines = new List<(long, RequestLine, string)>();
        await foreach (var line in ShardEnvelopeReader.ReadAsync(shardFile, cancellationToken).ConfigureAwait(false))
        {
            if (line.Line is RequestLine request && ResultCacheKey.IsCacheable(mode, request.Url, request.Body.Span))
            {
                lines.Add((line.Sequence, request, ResultCacheKey.Of(scope, request.Url, request.Body)));
            }
        }

        return lines;
    }
}
