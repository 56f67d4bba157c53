using System.Collections.ObjectModel;

namespace BatchInference.Jobs.Settings;

/// <summary>
/// How a job should run: when it must be done, what it may cost, and where its requests may go. Parsed from blob
/// metadata and an optional sidecar document by <see cref="JobSettingsParser"/>.
/// </summary>
public sealed record JobSettings
{
    /// <summary>The completion window used when neither a deadline nor a window is given: 24 hours.</summary>
    public static TimeSpan DefaultCompletionWindow { get; } = TimeSpan.FromHours(24);

    /// <summary>How old a cached answer a job accepts when it sets no <see cref="ResultCacheTtl"/>: 7 days.</summary>
    public static TimeSpan DefaultResultCacheTtl { get; } = TimeSpan.FromDays(7);

    /// <summary>Settings with every default.</summary>
    public static JobSettings Default { get; } = new();

    /// <summary>The absolute time (UTC) by which every line must be finished; wins over <see cref="CompletionWindow"/>.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>How long after submission the job must be finished, when no <see cref="Deadline"/> is set.</summary>
    public TimeSpan? CompletionWindow { get; init; }

    /// <summary>The most the job may spend, in US dollars; <see langword="null"/> for no limit.</summary>
    public decimal? BudgetUsd { get; init; }

    /// <summary>Which tiers the planner may use.</summary>
    public TierPolicy TierPolicy { get; init; } = TierPolicy.Auto;

    /// <summary>Providers the job may use; empty means any.</summary>
    public IReadOnlyList<string> AllowedProviders { get; init; } = [];

    /// <summary>Regions the job's data may be processed in (data residency); empty means any.</summary>
    public IReadOnlyList<string> AllowedRegions { get; init; } = [];

    /// <summary>Free-form tags (team, project…) carried into cost reports.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Relative priority among jobs; higher runs first. 0 by default.</summary>
    public int Priority { get; init; }

    /// <summary>What happens to lines whose model the price catalog does not know; <see cref="UnknownModelPolicy.Fail"/> by default.</summary>
    public UnknownModelPolicy UnknownModel { get; init; } = UnknownModelPolicy.Fail;

    /// <summary>
    /// How budgets count lines that run unpriced (<see cref="UnknownModelPolicy.RunUnpriced"/>);
    /// <see cref="UnpricedBudgetPolicy.Estimate"/> by default, so a cap holds for them too.
    /// </summary>
    public UnpricedBudgetPolicy UnpricedBudget { get; init; } = UnpricedBudgetPolicy.Estimate;

    /// <summary>Whether lines are sent prompt-cache-aware (<c>cache_hints</c>); <see cref="CacheHintsPolicy.Off"/> by default.</summary>
    public CacheHintsPolicy CacheHints { get; init; } = CacheHintsPolicy.Off;

    /// <summary>Webhooks told when the job ends (the sidecar's <c>notify.webhooks</c>), besides the deployment's own; empty for none.</summary>
    public IReadOnlyList<WebhookSubscription> Webhooks { get; init; } = [];

    /// <summary>Whether repeated requests are answered from the exact result cache; <see cref="ResultCacheMode.Off"/> by default.</summary>
    public ResultCacheMode ResultCache { get; init; } = ResultCacheMode.Off;

    /// <summary>The oldest cached answer this job accepts (<c>result_cache_ttl</c>); null means <see cref="DefaultResultCacheTtl"/>.</summary>
    public TimeSpan? ResultCacheTtl { get; init; }

    /// <summary>
    /// The absolute deadline: <see cref="Deadline"/> when set, else <paramref name="submittedAt"/> plus
    /// <see cref="CompletionWindow"/>, else plus <see cref="DefaultCompletionWindow"/>.
    /// </summary>
    /// <param name="submittedAt">When the job was submitted.</param>
    /// <returns>The instant by which the job must be finished.</returns>
    public DateTimeOffset ResolveDeadline(DateTimeOffset submittedAt) =>
        Deadline ?? submittedAt + (CompletionWindow ?? DefaultCompletionWindow);
}
