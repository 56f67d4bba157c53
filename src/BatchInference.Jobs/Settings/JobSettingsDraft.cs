namespace BatchInference.Jobs.Settings;

/// <summary>The settings one source set; <see langword="null"/> means "not set here", so sources can be layered.</summary>
internal sealed class JobSettingsDraft
{
    public DateTimeOffset? Deadline { get; set; }

    public TimeSpan? CompletionWindow { get; set; }

    public decimal? BudgetUsd { get; set; }

    public TierPolicy? TierPolicy { get; set; }

    public IReadOnlyList<string>? AllowedProviders { get; set; }

    public IReadOnlyList<string>? AllowedRegions { get; set; }

    public int? Priority { get; set; }

    public UnknownModelPolicy? UnknownModel { get; set; }

    public UnpricedBudgetPolicy? UnpricedBudget { get; set; }

    public IReadOnlyList<WebhookSubscription>? Webhooks { get; set; }

    public CacheHintsPolicy? CacheHints { get; set; }
    public ResultCacheMode? ResultCache { get; set; }

    public TimeSpan? ResultCacheTtl { get; set; }

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Applies every field <paramref name="other"/> set; tags merge per tag name, <paramref name="other"/> winning.</summary>
    public void OverrideWith(JobSettingsDraft other)
    {
        Deadline = other.Deadline ?? Deadline;
        CompletionWindow = other.CompletionWindow ?? CompletionWindow;
        BudgetUsd = other.BudgetUsd ?? BudgetUsd;
        TierPolicy = other.TierPolicy ?? TierPolicy;
        AllowedProviders = other.AllowedProviders ?? AllowedProviders;
        AllowedRegions = other.AllowedRegions ?? AllowedRegions;
        Priority = other.Priority ?? Priority;
        UnknownModel = other.UnknownModel ?? UnknownModel;
        UnpricedBudget = other.UnpricedBudget ?? UnpricedBudget;
        Webhooks = other.Webhooks ?? Webhooks;
        CacheHints = other.CacheHints ?? CacheHints;
        ResultCache = other.ResultCache ?? ResultCache;
        ResultCacheTtl = other.ResultCacheTtl ?? ResultCacheTtl;
        foreach (var (name, value) in other.Tags)
        {
            Tags[name] = value;
        }
    }

    public JobSettings ToSettings() => new()
    {
        Deadline = Deadline,
        CompletionWindow = CompletionWindow,
        BudgetUsd = BudgetUsd,
        TierPolicy = TierPolicy ?? Settings.TierPolicy.Auto,
        AllowedProviders = AllowedProviders ?? [],
        AllowedRegions = AllowedRegions ?? [],
        Priority = Priority ?? 0,
        UnknownModel = UnknownModel ?? UnknownModelPolicy.Fail,
        UnpricedBudget = UnpricedBudget ?? UnpricedBudgetPolicy.Estimate,
        Tags = new Dictionary<string, string>(Tags, StringComparer.Ordinal).AsReadOnly(),
        Webhooks = Webhooks ?? [],
        CacheHints = CacheHints ?? CacheHintsPolicy.Off,
        ResultCache = ResultCache ?? ResultCacheMode.Off,
        ResultCacheTtl = ResultCacheTtl,
    };
}
