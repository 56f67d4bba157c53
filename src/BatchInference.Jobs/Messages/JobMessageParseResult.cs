namespace BatchInference.Jobs.Messages;

/// <summary>The outcome of <see cref="JobMessageParser.Parse"/>: a message, or every problem found.</summary>
public sealed record JobMessageParseResult
{
    private JobMessageParseResult(JobMessage? message, IReadOnlyList<JobMessageError> errors)
    {
        Message = message;
        Errors = errors;
    }

    /// <summary>The message; <see langword="null"/> when there are <see cref="Errors"/>.</summary>
    public JobMessage? Message { get; }

    /// <summary>Every problem found, in document order; empty on success.</summary>
    public IReadOnlyList<JobMessageError> Errors { get; }

    /// <summary>Whether the message is usable.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>All problems on one line, for a dead-letter reason or a job's <c>failure_reason</c>; null on success.</summary>
    public string? FailureReason =>
        Succeeded ? null : "Invalid job message: " + string.Join("; ", Errors.Select(static e => e.ToString()));

    internal static JobMessageParseResult Success(JobMessage message) => new(message, []);

    internal static JobMessageParseResult Failure(IReadOnlyList<JobMessageError> errors) => new(null, errors);
}
