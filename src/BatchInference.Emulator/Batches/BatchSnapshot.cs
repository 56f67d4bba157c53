namespace BatchInference.Emulator.Batches;

/// <summary>A batch as it is at one moment: what the endpoints render.</summary>
internal sealed record BatchSnapshot(
    string Id,
    BatchDescriptor Descriptor,
    BatchPhase Phase,
    int Total,
    IReadOnlyList<BatchLineResult> Results,
    IReadOnlyList<BatchValidationError> ValidationErrors,
    string? Model,
    BatchTimes Times,
    string? OutputFileId,
    string? ErrorFileId)
{
    public bool IsTerminal => Phase is BatchPhase.Failed or BatchPhase.Completed or BatchPhase.Expired or BatchPhase.Cancelled;

    public int Count(BatchLineOutcome outcome) => Results.Count(r => r.Outcome == outcome);

    /// <summary>Requests not yet answered and not yet known never to run.</summary>
    public int Pending => Total - Results.Count;

    public static BatchSnapshot Of(BatchJob job) => new(
        job.Id,
        job.Descriptor,
        job.Phase,
        job.Requests.Count,
        [.. job.Results],
        job.ValidationErrors,
        job.Requests.Count > 0 ? ModelOf(job.Requests[0]) : null,
        new BatchTimes(
            job.CreatedAt, job.ExpiresAt, job.InProgressAt, job.FinalizingAt, job.CompletedAt, job.FailedAt, job.ExpiredAt,
            job.CancellingAt, job.CancelledAt),
        job.OutputFileId,
        job.ErrorFileId);

    private static string? ModelOf(BatchRequest request) => BatchBodies.Model(request.Body);
}
