namespace BatchInference.Jobs.Sharding;

/// <summary>The outcome of splitting a job's input with <see cref="JobSharder"/>.</summary>
/// <param name="Shards">The published shards, in index (publish) order; empty when the input had no non-blank line.</param>
/// <param name="Lines">The records read (requests plus invalid lines); the sum of the shards' line counts.</param>
/// <param name="RequestLines">Lines that are requests to run.</param>
/// <param name="InvalidLines">Lines the intake rejected.</param>
/// <param name="BlankLines">Empty or whitespace-only input lines, which produce no record.</param>
/// <param name="BytesRead">Bytes read from the input stream.</param>
public sealed record ShardingResult(
    IReadOnlyList<ShardInfo> Shards, long Lines, long RequestLines, long InvalidLines, long BlankLines, long BytesRead);
