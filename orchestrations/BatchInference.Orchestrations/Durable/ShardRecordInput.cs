namespace BatchInference.Orchestrations.Durable;

/// <summary>The input of the <see cref="ShardActivities.Record"/> activity.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Shard">The shard number.</param>
/// <param name="Failure">Set when the shard failed for good: the job then fails with this reason.</param>
internal sealed record ShardRecordInput(string JobId, int Shard, string? Failure);
