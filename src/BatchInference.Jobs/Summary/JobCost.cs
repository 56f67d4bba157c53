namespace BatchInference.Jobs.Summary;

/// <summary>What a job cost, in US dollars (<c>cost</c> in <c>summary.json</c>).</summary>
public sealed record JobCost
{
    /// <summary>What the same tokens would have cost all at real-time list prices.</summary>
    public decimal ListUsd { get; init; }

    /// <summary>What the job actually cost on the tiers it used.</summary>
    public decimal EffectiveUsd { get; init; }

    /// <summary><see cref="ListUsd"/> minus <see cref="EffectiveUsd"/>.</summary>
    public decimal SavingsUsd { get; init; }

    /// <summary>
    /// What each cost lever saved (<c>savings_by_lever</c>). Never null: an older summary without it reads as zeros.
    /// </summary>
    public JobSavingsByLever SavingsByLever
    {
        get;
        init => field = value ?? new JobSavingsByLever();
    } = new();

    /// <summary>Lines answered from the exact result cache (no provider call, cost 0).</summary>
    public long ResultCacheHits { get; init; }

    /// <summary>
    /// Real-time calls sent but never answered because a worker died: the provider may have charged each once, which
    /// <see cref="EffectiveUsd"/> does not include. The ledger has one <c>"outcome":"unknown"</c> entry per call.
    /// </summary>
    public long UnknownOutcomeCalls { get; init; }

    /// <summary>The most the <see cref="UnknownOutcomeCalls"/> can have cost (input estimated high, output at its limit).</summary>
    public decimal UnknownOutcomeMaxUsd { get; init; }

    /// <summary>
    /// Lines answered by a model the price catalog does not know (<c>unknown_model: run_unpriced</c>): their cost is
    /// unknown and in neither <see cref="ListUsd"/> nor <see cref="EffectiveUsd"/>; their tokens are in <c>tokens</c>.
    /// </summary>
    public long UnpricedLines { get; init; }

    /// <summary>
    /// <see cref="UnpricedLines"/> per model as sent. Never null: an older summary without it reads as empty (the
    /// source-generated deserializer assigns absent init-only properties too).
    /// </summary>
    public IReadOnlyDictionary<string, long> UnpricedModels
    {
        get;
        init => field = value ?? System.Collections.ObjectModel.ReadOnlyDictionary<string, long>.Empty;
    } = System.Collections.ObjectModel.ReadOnlyDictionary<string, long>.Empty;
}
