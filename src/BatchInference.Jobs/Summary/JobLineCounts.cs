namespace BatchInference.Jobs.Summary;

/// <summary>Line counts of a finished job (<c>counts</c> in <c>summary.json</c>).</summary>
public sealed record JobLineCounts
{
    /// <summary>Non-blank input lines.</summary>
    public long Total { get; init; }

    /// <summary>Lines with a provider response of status 2xx.</summary>
    public long Succeeded { get; init; }

    /// <summary>Valid lines that ended without a successful response.</summary>
    public long Failed { get; init; }

    /// <summary>Lines rejected at intake (see <see cref="Intake.JobLineErrorCodes"/>).</summary>
    public long Invalid { get; init; }
}
