namespace BatchInference.Jobs.Settings;

/// <summary>The outcome of <see cref="JobSettingsParser"/>: settings, or every problem found.</summary>
public sealed record JobSettingsResult
{
    private JobSettingsResult(JobSettings? settings, IReadOnlyList<JobSettingsError> errors)
    {
        Settings = settings;
        Errors = errors;
    }

    /// <summary>The parsed settings; <see langword="null"/> when there are <see cref="Errors"/>.</summary>
    public JobSettings? Settings { get; }

    /// <summary>Every problem found, in source order (metadata first, then sidecar); empty on success.</summary>
    public IReadOnlyList<JobSettingsError> Errors { get; }

    /// <summary>Whether the settings are usable.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>All problems on one line, suitable for a job's <c>failure_reason</c>; <see langword="null"/> on success.</summary>
    public string? FailureReason =>
        Succeeded ? null : "Invalid job settings: " + string.Join("; ", Errors.Select(static e => e.ToString()));

    internal static JobSettingsResult Success(JobSettings settings) => new(settings, []);

    internal static JobSettingsResult Failure(IReadOnlyList<JobSettingsError> errors) => new(null, errors);
}
