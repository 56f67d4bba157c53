namespace BatchInference.Orchestrations.State;

/// <summary>
/// A shard's provider batch. <see cref="Phase"/> is written as <see cref="ShardBatchPhase.Submitting"/> before the
/// batch is created, so a worker that dies between "created" and "saved" leaves a trace the next one follows: it looks
/// the batch up by its metadata and adopts it instead of paying for a second one.
/// </summary>
public sealed record ShardBatch
{
    /// <summary>The shard's batch attempt, from 1 (the metadata <c>attempt</c>).</summary>
    public required int Attempt { get; init; }

    /// <summary>Where the batch is, from the engine's side.</summary>
    public required ShardBatchPhase Phase { get; init; }

    /// <summary>The batch provider.</summary>
    public required string Provider { get; init; }

    /// <summary>The model the batch's lines ask for (a batch serves one); null in states written before it was kept.</summary>
    public string? Model { get; init; }

    /// <summary>When "submitting" was recorded (the earliest the batch can have been created).</summary>
    public required DateTimeOffset SubmittingAt { get; init; }

    /// <summary>Requests put in the batch.</summary>
    public required int Lines { get; init; }

    /// <summary>The provider's batch id once known.</summary>
    public string? BatchId { get; init; }

    /// <summary>The provider's status at the last poll, e.g. <c>InProgress</c>.</summary>
    public string? LastStatus { get; init; }

    /// <summary>Requests the provider reported answered at the last poll.</summary>
    public int Completed { get; init; }

    /// <summary>Polls so far (drives the back-off).</summary>
    public int Polls { get; init; }

    /// <summary>When the next <c>CheckBatch</c> is due; the watchdog re-sends one that is long overdue.</summary>
    public DateTimeOffset? NextPollAt { get; init; }

    /// <summary>When the engine asked the provider to cancel (the hedge, or the job was cancelled).</summary>
    public DateTimeOffset? CancelRequestedAt { get; init; }

    /// <summary>
    /// What was reserved from the job's budget accounts for the batch (its lines' estimates at the batch price); the
    /// part not spent goes back when the results are collected. 0 when no budget applies.
    /// </summary>
    public decimal ReservedUsd { get; init; }

    /// <summary>When the results were collected into checkpoints.</summary>
    public DateTimeOffset? CollectedAt { get; init; }
}
