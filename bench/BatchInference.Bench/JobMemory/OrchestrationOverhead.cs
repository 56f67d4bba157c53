namespace BatchInference.Bench.JobMemory;

/// <summary>What running one job on Durable Task cost the task hub.</summary>
/// <param name="Instances">Orchestration instances (the job and its shards).</param>
/// <param name="Episodes">Orchestrator episodes: each replays its instance's history so far.</param>
/// <param name="Activities">Activity executions, retries included.</param>
/// <param name="ActivitiesByName">Activity executions by activity name.</param>
/// <param name="HistoryRows">History table rows stored when the job has ended.</param>
/// <param name="HistoryBytes">Property data of those rows (strings in UTF-8, other values 8 bytes).</param>
/// <param name="MaxInstanceHistoryRows">History rows of the instance with the most.</param>
internal sealed record OrchestrationOverhead(
    int Instances,
    long Episodes,
    long Activities,
    IReadOnlyDictionary<string, long> ActivitiesByName,
    long HistoryRows,
    long HistoryBytes,
    long MaxInstanceHistoryRows);
