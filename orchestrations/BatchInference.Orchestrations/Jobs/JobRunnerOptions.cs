using BatchInference.Jobs.Intake;

namespace BatchInference.Orchestrations.Jobs;

/// <summary>Settings of the job runner, bound from the <c>Jobs</c> configuration section.</summary>
public sealed class JobRunnerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Jobs";

    /// <summary>Longest accepted input line in bytes; longer lines become <c>line_too_large</c> errors.</summary>
    public int MaxLineBytes { get; set; } = JsonlReaderOptions.DefaultMaxLineBytes;

    /// <summary>Provider that real-time requests go to (the model catalog's routing arrives with tier planning).</summary>
    public string Provider { get; set; } = "openai";

    /// <summary>Folder for the job's local spool files (results are staged there, then uploaded); default: the temp folder.</summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>How often a runner that found the job claimed by another checks whether it finished or was abandoned.</summary>
    public TimeSpan ClaimPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        if (MaxLineBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLineBytes), MaxLineBytes, "Jobs:MaxLineBytes must be positive.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Provider, nameof(Provider));
        if (ClaimPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ClaimPollInterval), ClaimPollInterval, "Jobs:ClaimPollInterval must be positive.");
        }
    }
}
