namespace BatchInference.Orchestrations.Budgets;

/// <summary>A cap that applies to a job's lines: its own <c>budget_usd</c>, or a monthly budget of one of its tags.</summary>
/// <param name="AccountKey">The shared account's key (blob <c>work/budgets/&lt;key&gt;.json</c>).</param>
/// <param name="LimitUsd">The cap.</param>
/// <param name="Description">How the cap is named in error records and the summary.</param>
internal sealed record BudgetLimit(string AccountKey, decimal LimitUsd, string Description);
