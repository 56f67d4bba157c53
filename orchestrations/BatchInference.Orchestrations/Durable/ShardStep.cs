namespace BatchInference.Orchestrations.Durable;

/// <summary>What a shard needs next, as one step of its work (a slice, a batch submission, a batch check) found it.</summary>
internal enum ShardNext
{
    /// <summary>Lines are left to run in real time: run another slice now.</summary>
    Slice,

    /// <summary>The shard is planned for a provider batch that is not out yet: submit it.</summary>
    Submit,

    /// <summary>The shard's lines are out in a provider batch: check it after the step's delay.</summary>
    Poll,

    /// <summary>Another worker holds the shard's lease (or the work must start over): do the same step again after the delay.</summary>
    Retry,

    /// <summary>Every line of the shard has a checkpointed result.</summary>
    Done,

    /// <summary>The shard stopped early (the job is cancelled or failing); the step's reason says why.</summary>
    Stopped,
}

/// <summary>The small result of one step of a shard's work: what comes next, when, and why it stopped.</summary>
/// <param name="Next">What the shard needs next.</param>
/// <param name="Delay">For <see cref="ShardNext.Poll"/> and <see cref="ShardNext.Retry"/>: how long to wait first.</param>
/// <param name="Reason">For <see cref="ShardNext.Stopped"/>: why.</param>
internal sealed record ShardStep(ShardNext Next, TimeSpan Delay = default, string? Reason = null)
{
    public static ShardStep Slice { get; } = new(ShardNext.Slice);

    public static ShardStep Submit { get; } = new(ShardNext.Submit);

    public static ShardStep Done { get; } = new(ShardNext.Done);

    public static ShardStep Poll(TimeSpan delay) => new(ShardNext.Poll, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);

    public static ShardStep Retry(TimeSpan delay) => new(ShardNext.Retry, delay);

    public static ShardStep Stopped(string reason) => new(ShardNext.Stopped, Reason: reason);
}

/// <summary>The input of every shard activity: the shard, and the reason to stop when the shard was asked to (its
/// orchestration received <see cref="EngineOrchestrations.CancelEvent"/>).</summary>
/// <param name="JobId">The job.</param>
/// <param name="Shard">The shard number.</param>
/// <param name="StopReason">Null while the shard may go on.</param>
internal sealed record ShardStepInput(string JobId, int Shard, string? StopReason = null);
