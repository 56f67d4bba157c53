namespace BatchInference.Emulator.Batches;

/// <summary>
/// One batch's mutable state. Only <see cref="BatchEngine"/> touches it, under its lock; everyone else reads a
/// <see cref="BatchSnapshot"/>.
/// </summary>
internal sealed class BatchJob(
    string id,
    long sequence,
    BatchDescriptor descriptor,
    IReadOnlyList<BatchRequest> requests,
    IReadOnlyList<BatchValidationError> validationErrors,
    DateTimeOffset createdAt,
    DateTimeOffset expiresAt,
    Func<BatchSnapshot, BatchOutputFiles>? onEnded)
{
    public string Id { get; } = id;

    /// <summary>Creation order, for newest-first listing (created_at has only one-second resolution).</summary>
    public long Sequence { get; } = sequence;

    public BatchDescriptor Descriptor { get; } = descriptor;

    public IReadOnlyList<BatchRequest> Requests { get; } = requests;

    /// <summary>Why the input will fail validation; empty when it is valid.</summary>
    public IReadOnlyList<BatchValidationError> ValidationErrors { get; } = validationErrors;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>Called once when the batch reaches a terminal phase; OpenAI writes its output and error files here.</summary>
    public Func<BatchSnapshot, BatchOutputFiles>? OnEnded { get; } = onEnded;

    public BatchPhase Phase { get; set; } = descriptor.Validates ? BatchPhase.Validating : BatchPhase.InProgress;

    /// <summary>When the current timed phase (validating, finalizing, cancelling) ends.</summary>
    public DateTimeOffset PhaseDueAt { get; set; }

    public DateTimeOffset? InProgressAt { get; set; }

    public DateTimeOffset? FinalizingAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    public DateTimeOffset? ExpiredAt { get; set; }

    public DateTimeOffset? CancellingAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>Lines the batch may answer now (fractional): grows with time at the configured speed.</summary>
    public double LineCredit { get; set; }

    /// <summary>Up to when <see cref="LineCredit"/> has been granted.</summary>
    public DateTimeOffset CreditedUntil { get; set; }

    public List<BatchLineResult> Results { get; } = [];

    public int NextLine => Results.Count;

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }

    public bool IsTerminal => Phase is BatchPhase.Failed or BatchPhase.Completed or BatchPhase.Expired or BatchPhase.Cancelled;
}
