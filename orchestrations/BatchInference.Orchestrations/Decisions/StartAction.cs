namespace BatchInference.Orchestrations.Decisions;

/// <summary>What a <c>StartJob</c> message leads to.</summary>
internal enum StartAction
{
    /// <summary>The job is over: nothing.</summary>
    None,

    /// <summary>Read settings and split the input into shards.</summary>
    Split,

    /// <summary>Already split (a redelivery after a crash): send <c>RunShard</c> for every unfinished shard again.</summary>
    HandOut,

    /// <summary>Send <c>FinishJob</c> (nothing to run, or cancelled/failing before it ran).</summary>
    Finish,
}
