namespace BatchInference.Orchestrations.Budgets;

/// <summary>
/// A spending cap shared by every worker, stored as <c>work/budgets/&lt;key&gt;.json</c> and changed only by conditional
/// writes. Workers reserve money before they send (<see cref="Reserved"/>) and give back what they did not spend
/// (<see cref="Released"/>); a reservation is granted only while <see cref="Committed"/> stays within
/// <see cref="LimitUsd"/>, so the cap holds however many shards run at once. A worker that dies keeps its
/// reservation: the cap errs towards spending less, never more.
/// </summary>
public sealed record BudgetAccount
{
    /// <summary>The account's key, e.g. <c>job-&lt;jobId&gt;</c> or <c>tag-team=search-2026-11</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The cap in USD.</summary>
    public required decimal LimitUsd { get; init; }

    /// <summary>Everything ever reserved.</summary>
    public decimal Reserved { get; init; }

    /// <summary>Everything given back unspent.</summary>
    public decimal Released { get; init; }

    /// <summary>What is spent or may still be spent: reserved minus released.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal Committed => Reserved - Released;
}
