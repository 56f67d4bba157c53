namespace BatchInference.Orchestrations.Planning;

/// <summary>What one shard asks of the providers: its request lines, their size, and their tokens per model and endpoint.</summary>
/// <param name="Shard">The shard's 0-based index in the job.</param>
/// <param name="Lines">Request lines (invalid input lines run nowhere and are not counted).</param>
/// <param name="Bytes">The size of the provider batch input these lines make (one <c>{custom_id, method, url, body}</c> line each).</param>
/// <param name="Models">The lines per model and endpoint, ordered by model then url.</param>
public sealed record ShardWorkload(int Shard, long Lines, long Bytes, IReadOnlyList<ModelWorkload> Models);
