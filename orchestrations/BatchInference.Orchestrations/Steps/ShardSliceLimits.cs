namespace BatchInference.Orchestrations.Steps;

/// <summary>How much of a shard one real-time slice may take on: at most <paramref name="MaxLines"/> lines sent, and no
/// new line once it has run for <paramref name="MaxDuration"/>. Lines already in flight then finish and are checkpointed.</summary>
internal sealed record ShardSliceLimits(int MaxLines, TimeSpan MaxDuration);

/// <summary>How a shard run ended.</summary>
internal enum ShardRunEnd
{
    /// <summary>Every line has a checkpointed result.</summary>
    Finished,

    /// <summary>The job is cancelled or failing: the run stopped starting lines.</summary>
    Stopped,

    /// <summary>The slice is full and lines are left: another slice resumes from the checkpoints.</summary>
    SliceFull,
}
