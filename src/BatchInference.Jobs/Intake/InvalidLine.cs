namespace BatchInference.Jobs.Intake;

/// <summary>A line that cannot run; it becomes an error record carrying its line number.</summary>
/// <param name="LineNumber">The 1-based physical line number in the input.</param>
/// <param name="CustomId">The line's <c>custom_id</c> when it could be read as a valid id; otherwise <see langword="null"/>.</param>
/// <param name="Code">A stable error code from <see cref="JobLineErrorCodes"/>.</param>
/// <param name="Message">A human-readable reason. It never contains the request's prompt or body text.</param>
public sealed record InvalidLine(long LineNumber, string? CustomId, string Code, string Message) : JobLine(LineNumber);
