namespace BatchInference.Emulator.Batches;

/// <summary>A batch's timestamps, on the emulator's clock; null until the batch gets there.</summary>
internal sealed record BatchTimes(
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? InProgressAt,
    DateTimeOffset? FinalizingAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? FailedAt,
    DateTimeOffset? ExpiredAt,
    DateTimeOffset? CancellingAt,
    DateTimeOffset? CancelledAt)
{
    /// <summary>When processing ended, whichever way (Anthropic's <c>ended_at</c>).</summary>
    public DateTimeOffset? EndedAt => CompletedAt ?? FailedAt ?? ExpiredAt ?? CancelledAt;
}
