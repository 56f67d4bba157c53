namespace BatchInference.Cli;

/// <summary>
/// The command cannot run as invoked or configured (a missing local part, an invalid setting); the message says how to
/// fix it. Commands print it and exit 2 instead of showing a stack trace.
/// </summary>
internal sealed class UsageException(string message, Exception? innerException = null) : Exception(message, innerException);
