using System.Globalization;

namespace BatchInference.Providers.Batches;

/// <summary>Who a provider batch belongs to: stored as its metadata <c>{job_id, shard, attempt}</c>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Shard">The shard number.</param>
/// <param name="Attempt">The shard's batch attempt, from 1; a retry of a shard's leftover lines is a new attempt.</param>
public sealed record BatchKey(string JobId, int Shard, int Attempt)
{
    /// <summary>Metadata key of <see cref="JobId"/>.</summary>
    public const string JobIdKey = "job_id";

    /// <summary>Metadata key of <see cref="Shard"/>.</summary>
    public const string ShardKey = "shard";

    /// <summary>Metadata key of <see cref="Attempt"/>.</summary>
    public const string AttemptKey = "attempt";

    /// <summary>The metadata to create a batch with.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [JobIdKey] = JobId,
        [ShardKey] = Shard.ToString(CultureInfo.InvariantCulture),
        [AttemptKey] = Attempt.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The key in a batch's metadata, or null when the metadata is not ours.</summary>
    public static BatchKey? FromMetadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null
        && metadata.TryGetValue(JobIdKey, out var job) && !string.IsNullOrEmpty(job)
        && metadata.TryGetValue(ShardKey, out var shardText) && int.TryParse(shardText, NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
        && metadata.TryGetValue(AttemptKey, out var attemptText) && int.TryParse(attemptText, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
            ? new BatchKey(job, shard, attempt)
            : null;
}
