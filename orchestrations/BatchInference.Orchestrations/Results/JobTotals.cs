using BatchInference.Jobs.Summary;

namespace BatchInference.Orchestrations.Results;

/// <summary>Running totals of a job; only touched under the sink's lock.</summary>
internal sealed class JobTotals
{
    public long Succeeded { get; set; }

    public long Failed { get; set; }

    public long Invalid { get; set; }

    public long PaidAttempts { get; set; }

    public long Attempts { get; set; }

    public long InputTokens { get; set; }

    public long CachedInputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long ReasoningTokens { get; set; }

    public decimal ListCost { get; set; }

    public decimal EffectiveCost { get; set; }

    /// <summary>Calls sent but never answered because a worker died (see <c>UnknownOutcomes</c>).</summary>
    public long UnknownOutcomeCalls { get; set; }

    /// <summary>The most those calls can have cost.</summary>
    public decimal UnknownOutcomeMaxCost { get; set; }

    /// <summary>Lines with an unpriced paid attempt (<c>unknown_model: run_unpriced</c>), per model.</summary>
    public Dictionary<string, long> UnpricedModels { get; } = new(StringComparer.Ordinal);

    public decimal PromptCacheSavings { get; set; }

    /// <summary>Real-time list cost of the calls result-cache hits avoided.</summary>
    public decimal AvoidedCost { get; set; }

    public long ResultCacheHits { get; set; }

    public Dictionary<string, long> Tiers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Models { get; } = new(StringComparer.Ordinal);

    public HashSet<DateOnly> ChargeDates { get; } = [];

    /// <summary>Charge dates whose spend report needs wide money columns (an amount of $1,000,000 or more).</summary>
    public HashSet<DateOnly> WideMoneyDates { get; } = [];

    /// <summary>What the job's real-time work says about throughput, recorded in the completion history at the finish.</summary>
    public History.ThroughputTally Throughput { get; } = new();

    public long Done => Succeeded + Failed + Invalid;

    /// <summary>Adds what a ledger entry says about the cost levers.</summary>
    public void AddLevers(BatchInference.Ledger.Spend.LedgerEntry entry)
    {
        PromptCacheSavings += entry.PromptCacheSavings ?? 0m;
        AvoidedCost += entry.AvoidedCost ?? 0m;
        if (entry.ResultCacheHit)
        {
            ResultCacheHits++;
        }
    }

    public JobLineCounts Counts => new() { Total = Done, Succeeded = Succeeded, Failed = Failed, Invalid = Invalid };

    public JobTokenCounts Tokens => new()
    {
        Input = InputTokens,
        CachedInput = CachedInputTokens,
        Output = OutputTokens,
        Reasoning = ReasoningTokens,
    };

    public JobCost Cost => new()
    {
        ListUsd = ListCost,
        EffectiveUsd = EffectiveCost,
        SavingsUsd = ListCost - EffectiveCost,
        SavingsByLever = new() { TierUsd = ListCost - EffectiveCost, PromptCacheUsd = PromptCacheSavings, ResultCacheUsd = AvoidedCost },
        ResultCacheHits = ResultCacheHits,
        UnknownOutcomeCalls = UnknownOutcomeCalls,
        UnknownOutcomeMaxUsd = UnknownOutcomeMaxCost,
        UnpricedLines = UnpricedModels.Values.Sum(),
        UnpricedModels = UnpricedModels.ToDictionary(StringComparer.Ordinal),
    };
}
