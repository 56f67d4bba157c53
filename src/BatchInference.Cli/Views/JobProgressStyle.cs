namespace BatchInference.Cli.Views;

/// <summary>How much <see cref="JobProgressView"/> shows.</summary>
internal enum JobProgressStyle
{
    /// <summary>One bar for the job, its shards as a count in the description (<c>bi run</c>, <c>bi demo</c>).</summary>
    Compact,

    /// <summary>One bar for the job and one per started shard, or a shards bar when there are many (<c>bi status --watch</c>).</summary>
    PerShard,
}
