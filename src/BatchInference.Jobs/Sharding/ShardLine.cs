using BatchInference.Jobs.Intake;

namespace BatchInference.Jobs.Sharding;

/// <summary>One line of a shard file: a job line and its place in the job.</summary>
/// <param name="Sequence">
/// The 0-based position of the line among all the job's records (blank input lines excluded); results are merged in
/// this order.
/// </param>
/// <param name="Line">The <see cref="RequestLine"/> or <see cref="InvalidLine"/> as the intake reader produced it.</param>
public sealed record ShardLine(long Sequence, JobLine Line);
