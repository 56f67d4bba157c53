namespace BatchInference.Jobs.Sharding;

/// <summary>What one shard of a job holds, known when the shard is published.</summary>
/// <param name="Index">The 0-based position of the shard in the job.</param>
/// <param name="FirstSequence">The sequence number of the shard's first line; its lines are consecutive from there.</param>
/// <param name="LineCount">The envelope lines in the shard (at least 1).</param>
/// <param name="FirstLineNumber">The 1-based input line number of the shard's first line.</param>
/// <param name="LastLineNumber">The 1-based input line number of the shard's last line.</param>
/// <param name="Bytes">The size of the shard file in bytes.</param>
/// <param name="RequestLines">Lines that are requests to run.</param>
/// <param name="InvalidLines">Lines the intake rejected; they become error records.</param>
public sealed record ShardInfo(
    int Index, long FirstSequence, long LineCount, long FirstLineNumber, long LastLineNumber, long Bytes, long RequestLines, long InvalidLines);
