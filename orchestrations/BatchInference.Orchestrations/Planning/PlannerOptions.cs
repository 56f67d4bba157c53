namespace BatchInference.Orchestrations.Planning;

/// <summary>How cautious the planner is. Bound from <c>Engine:Planner</c> (<see cref="Engine.EngineOptions.Planner"/>), for workers and <c>bi plan</c> alike.</summary>
public sealed class PlannerOptions
{
    /// <summary>Configuration section name, under <c>Engine</c>.</summary>
    public const string SectionName = "Planner";

    /// <summary>
    /// How much longer than its pure throughput time the real-time fallback reserve is (retries, 429s, latency): 1.5.
    /// </summary>
    public double SafetyFactor { get; set; } = 1.5;

    /// <summary>
    /// Fixed time added to every real-time fallback reserve (noticing, cancelling, collecting partial output): 5 minutes.
    /// A catalog that sets <c>fallback_margin</c> (a profile with a compressed clock) overrides it.
    /// </summary>
    public TimeSpan FallbackMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests per minute assumed for a rate-limited tier whose catalog entry gives no rpm or tpm: 60.</summary>
    public long AssumedRequestsPerMinute { get; set; } = 60;

    /// <summary>Throws naming the first setting that is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (double.IsNaN(SafetyFactor) || SafetyFactor < 1 || SafetyFactor > 100)
        {
            throw new ArgumentOutOfRangeException("Planner:SafetyFactor", SafetyFactor, "Planner:SafetyFactor must be between 1 and 100.");
        }

        if (FallbackMargin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("Planner:FallbackMargin", FallbackMargin, "Planner:FallbackMargin must not be negative.");
        }

        if (AssumedRequestsPerMinute < 1)
        {
            throw new ArgumentOutOfRangeException("Planner:AssumedRequestsPerMinute", AssumedRequestsPerMinute, "Planner:AssumedRequestsPerMinute must be at least 1.");
        }
    }
}
