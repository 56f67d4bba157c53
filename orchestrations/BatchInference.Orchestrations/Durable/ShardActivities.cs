namespace BatchInference.Orchestrations.Durable;

/// <summary>
/// The names the shard orchestration's activities are registered under (Durable Functions' <c>[ActivityTrigger]</c>
/// function names in Azure, the Durable Task Framework's activity names locally). Part of the task hub's format, like
/// <see cref="EngineOrchestrations"/>: a rename strands the activities already scheduled.
/// </summary>
public static class ShardActivities
{
    /// <summary>Runs one bounded real-time slice of a shard under its lease, from its checkpoints.</summary>
    public const string Slice = "ShardSlice";

    /// <summary>Hands a batch shard to its provider's batch API, or adopts the batch a crashed attempt created.</summary>
    public const string SubmitBatch = "ShardSubmitBatch";

    /// <summary>Checks a shard's provider batch once: keep waiting, cancel it, or collect it.</summary>
    public const string CheckBatch = "ShardCheckBatch";

    /// <summary>Records in the job that the shard is finished, stopped or failed (without starting the job's finish).</summary>
    public const string Record = "ShardRecord";
}
