namespace BatchInference.Jobs.Sharding;

/// <summary>What one shard of a job holds, known when the shard is published.</summary>
/// <param name="Index">The 0-based number of the shard in the job, in the order shards were published.</param>
/// <param name="Group">The endpoint and model every line of the shard has (or the invalid lines' group).</param>
/// <param name="FirstSequence">
/// The sequence number of the shard's first line. Its lines are in ascending sequence order but not consecutive: the
/// lines of other groups in between belong to other shards.
/// </param>
/// <param name="LastSequence">The sequence number of the shard's last line.</param>
/// <param name="LineCount">The envelope lines in the shard (at least 1).</param>
/// <param name="FirstLineNumber">The 1-based input line number of the shard's first line.</param>
/// <param name="LastLineNumber">The 1-based input line number of the shard's last line.</param>
/// <param name="Bytes">The size of the shard file in bytes.</param>
/// <param name="RequestLines">Lines that are requests to run.</param>
/// <param name="InvalidLines">Lines the intake rejected; they become error records.</param>
public sealed record ShardInfo(
    int Index,
    ShardGroup Group,
    long FirstSequence,
    long LastSequence,
    long LineCount,
    long FirstLineNumber,
    long LastLineNumber,
    long Bytes,
    long RequestLines,
    long InvalidLines);
