namespace BatchInference.Jobs.Settings;

/// <summary>
/// How a job's budgets treat lines that run without a price (setting <c>unpriced_budget</c>; only matters with
/// <c>unknown_model: run_unpriced</c>).
/// </summary>
public enum UnpricedBudgetPolicy
{
    /// <summary>
    /// <c>estimate</c> (the default): each unpriced line counts against <c>budget_usd</c> and tag budgets at the
    /// provider's dearest catalogued price per token of the same kind of endpoint, before it is sent and again
    /// from its usage when it is answered, so the caps hold as they do for priced lines.
    /// </summary>
    Estimate,

    /// <summary><c>exclude</c>: unpriced lines are left out of budget math; the job can spend more than its caps on them.</summary>
    Exclude,
}
