namespace BatchInference.Jobs.Output;

/// <summary>The <c>error</c> object of an output line that never got a provider response.</summary>
/// <param name="Code">A stable code, e.g. one of <see cref="Intake.JobLineErrorCodes"/>.</param>
/// <param name="Message">A human-readable reason; never prompt text.</param>
/// <param name="Line">The 1-based input line number, when known.</param>
public sealed record BatchOutputError(string Code, string Message, long? Line);
