namespace BatchInference.Orchestrations.Decisions;

/// <summary>What preparing a job leads to.</summary>
internal enum StartAction
{
    /// <summary>The job is over: nothing.</summary>
    None,

    /// <summary>Read settings and split the input into shards.</summary>
    Split,

    /// <summary>Already split (prepared again after a crash): run every unfinished shard.</summary>
    HandOut,

    /// <summary>Finish the job (nothing to run, or cancelled/failing before it ran).</summary>
    Finish,
}
