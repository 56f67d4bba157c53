namespace BatchInference.Api.Batches;

/// <summary>
/// What the API keeps of a batch beyond its job (<c>jobs/api/&lt;team&gt;/batches/&lt;batchId&gt;.json</c>): what the client
/// asked for, when, and the validation errors of a batch that never became a job. Everything else is read from the job.
/// </summary>
internal sealed record BatchRecord
{
    public required string BatchId { get; init; }

    /// <summary>The job, or null when the input failed validation and no job was started.</summary>
    public string? JobId { get; init; }

    public required string InputFileId { get; init; }

    public required string Endpoint { get; init; }

    public required string CompletionWindow { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public required long CreatedAt { get; init; }

    /// <summary>When it was created, in ticks: the list's order (several batches are often created in one second).</summary>
    public long CreatedTicks { get; init; }

    public long? ExpiresAt { get; init; }

    public long? CancellingAt { get; init; }

    public long? FailedAt { get; init; }

    /// <summary>Why the input failed validation (OpenAI's <c>errors.data</c>); empty otherwise.</summary>
    public IReadOnlyList<BatchError> Errors { get; init; } = [];
}

/// <summary>One validation error of a batch's input.</summary>
/// <param name="Code">e.g. <c>mismatched_endpoint</c>.</param>
/// <param name="Message">What is wrong, for a person to fix.</param>
/// <param name="Param">The field, if one.</param>
/// <param name="Line">The input line (1-based), if one.</param>
internal sealed record BatchError(string Code, string Message, string? Param, long? Line);
