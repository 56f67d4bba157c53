using System.Text.Json.Serialization;

namespace BatchInference.Orchestrations.Durable;

/// <summary>What a job needs next, as the <see cref="JobActivities.Prepare"/> activity (and the queue's <c>StartJob</c>) decides it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobNext>))]
public enum JobNext
{
    /// <summary>The job is over already: nothing to do.</summary>
    None,

    /// <summary>Not yet: prepare again after <see cref="JobPreparation.RetryAfter"/> (sidecar wait, job lock busy).</summary>
    Wait,

    /// <summary>Run <see cref="JobPreparation.Shards"/>, then finish.</summary>
    RunShards,

    /// <summary>Nothing runs (no lines, unusable input, stopped before the split): finish now.</summary>
    Finish,
}

/// <summary>The output of <see cref="JobActivities.Prepare"/>: small (shard numbers and counts, never lines).</summary>
/// <param name="Next">What comes next.</param>
/// <param name="RetryAfter">For <see cref="JobNext.Wait"/>: how long to wait before preparing again.</param>
/// <param name="Shards">For <see cref="JobNext.RunShards"/>: the shards not finished yet, in order.</param>
/// <param name="ShardCount">Every shard of the job (finished ones included); 0 before the split.</param>
/// <param name="Lines">Input lines, known once the input is split.</param>
public sealed record JobPreparation(JobNext Next, TimeSpan RetryAfter, IReadOnlyList<int> Shards, int ShardCount, long Lines)
{
    /// <summary>Prepare again after <paramref name="delay"/>.</summary>
    /// <param name="delay">The wait.</param>
    /// <returns>The preparation.</returns>
    public static JobPreparation WaitFor(TimeSpan delay) => new(JobNext.Wait, delay, [], 0, 0);

    /// <summary>Nothing to run: finish.</summary>
    public static JobPreparation Finish { get; } = new(JobNext.Finish, TimeSpan.Zero, [], 0, 0);

    /// <summary>The job is over.</summary>
    public static JobPreparation None { get; } = new(JobNext.None, TimeSpan.Zero, [], 0, 0);
}
