using BatchInference.Orchestrations.Intake;

namespace BatchInference.FunctionApp.Intake;

/// <summary>A job message that cannot start a job as sent; the message says why (reason code and every problem).</summary>
public sealed class InvalidJobMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidJobMessageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public InvalidJobMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidJobMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal InvalidJobMessageException(JobMessageOutcome.Rejected rejected)
        : base($"{rejected.Reason}: {rejected.Description}")
    {
        Reason = rejected.Reason;
    }

    /// <summary>The short reason code (<c>InvalidJobMessage</c>, <c>InputNotFound</c>), or null.</summary>
    public string? Reason { get; }
}
