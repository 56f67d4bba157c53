namespace BatchInference.Jobs.Summary;

/// <summary>
/// What each cost lever saved a job, in US dollars (<c>cost.savings_by_lever</c> in <c>summary.json</c>).
/// </summary>
public sealed record JobSavingsByLever
{
    /// <summary>Tiers: the real-time list cost of the paid attempts minus what their tiers cost (the job's <c>savings_usd</c>).</summary>
    public decimal TierUsd { get; init; }

    /// <summary>
    /// The providers' prompt caches: cached input tokens × (input − cached input price) at each attempt's tier, less
    /// the premium of cache writes over input where writes cost more.
    /// </summary>
    public decimal PromptCacheUsd { get; init; }

    /// <summary>The exact result cache: the real-time list cost of the calls its hits avoided.</summary>
    public decimal ResultCacheUsd { get; init; }
}
