using System.Collections.ObjectModel;

namespace BatchInference.Jobs.Summary;

/// <summary>
/// The <c>results/&lt;jobId&gt;/summary.json</c> document. Serialize it with <see cref="JobSummaryJsonContext"/>
/// (snake_case property names; map keys are written as given).
/// </summary>
/// <remarks>
/// The collection and counter properties fall back to empty values when set to <see langword="null"/>: the
/// source-generated deserializer assigns every init-only property, absent ones included, and an older or partial
/// summary must still read as "nothing counted".
/// </remarks>
public sealed record JobSummary
{
    private readonly JobLineCounts _counts = new();
    private readonly JobTokenCounts _tokens = new();
    private readonly JobCost _cost = new();
    private readonly IReadOnlyDictionary<string, long> _tiers = ReadOnlyDictionary<string, long>.Empty;
    private readonly IReadOnlyDictionary<string, long> _models = ReadOnlyDictionary<string, long>.Empty;

    /// <summary>The job id.</summary>
    public required string JobId { get; init; }

    /// <summary>How the job ended.</summary>
    public required JobSummaryStatus Status { get; init; }

    /// <summary>Why the job failed; <see langword="null"/> unless <see cref="Status"/> is <see cref="JobSummaryStatus.Failed"/>.</summary>
    public string? FailureReason { get; init; }

    /// <summary>When the job was submitted.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the first line started running; <see langword="null"/> when none did.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the job finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The job's resolved deadline.</summary>
    public required DateTimeOffset Deadline { get; init; }

    /// <summary>Whether the job finished by <see cref="Deadline"/>; <see langword="null"/> while unknown.</summary>
    public bool? DeadlineMet { get; init; }

    /// <summary>Line counts.</summary>
    public JobLineCounts Counts
    {
        get => _counts;
        init => _counts = value ?? new();
    }

    /// <summary>Token counts.</summary>
    public JobTokenCounts Tokens
    {
        get => _tokens;
        init => _tokens = value ?? new();
    }

    /// <summary>Cost and savings.</summary>
    public JobCost Cost
    {
        get => _cost;
        init => _cost = value ?? new();
    }

    /// <summary>Lines per tier that answered them (e.g. <c>batch</c>, <c>realtime</c>).</summary>
    public IReadOnlyDictionary<string, long> Tiers
    {
        get => _tiers;
        init => _tiers = value ?? ReadOnlyDictionary<string, long>.Empty;
    }

    /// <summary>Lines per model.</summary>
    public IReadOnlyDictionary<string, long> Models
    {
        get => _models;
        init => _models = value ?? ReadOnlyDictionary<string, long>.Empty;
    }

    /// <summary>The body changes <c>cache_hints: auto</c> made; <see langword="null"/> when the setting was off.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public JobCacheHints? CacheHints { get; init; }

    /// <summary>Where the job came from (blob path, queue message id, schedule slot).</summary>
    public string? Source { get; init; }

    /// <summary>
    /// The finish the plan estimated when the job was split, and what it rested on (learned or catalog batch times,
    /// rate limits), to hold against <see cref="FinishedAt"/>; <see langword="null"/> for a job that was never planned.
    /// </summary>
    public JobEta? Eta { get; init; }

    /// <summary>
    /// The status implied by the counts: <see cref="JobSummaryStatus.Failed"/> when there is a failure reason,
    /// <see cref="JobSummaryStatus.CompletedWithErrors"/> when any line failed or was invalid, else
    /// <see cref="JobSummaryStatus.Completed"/>.
    /// </summary>
    /// <param name="counts">The job's line counts.</param>
    /// <param name="failureReason">Why the whole job failed, or <see langword="null"/>.</param>
    /// <returns>The status to report.</returns>
    public static JobSummaryStatus StatusFor(JobLineCounts counts, string? failureReason)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return failureReason is not null ? JobSummaryStatus.Failed
            : counts.Failed + counts.Invalid > 0 ? JobSummaryStatus.CompletedWithErrors
            : JobSummaryStatus.Completed;
    }
}
