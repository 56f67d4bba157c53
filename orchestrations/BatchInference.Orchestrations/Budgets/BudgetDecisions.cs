namespace BatchInference.Orchestrations.Budgets;

/// <summary>The budget rules as pure functions: how much of a wanted reservation an account grants.</summary>
internal static class BudgetDecisions
{
    /// <summary>
    /// Grants <paramref name="wanted"/>, or what is left under the cap when that is less but still covers
    /// <paramref name="needed"/> (the next line's estimate); otherwise nothing (0).
    /// </summary>
    public static decimal Grant(BudgetAccount account, decimal needed, decimal wanted)
    {
        var left = account.LimitUsd - account.Committed;
        var grant = Math.Min(wanted, left);
        return grant >= needed && grant > 0 ? grant : 0m;
    }

    /// <summary>The account after reserving <paramref name="amount"/>; null for nothing to write.</summary>
    public static BudgetAccount? Reserve(BudgetAccount account, decimal amount) =>
        amount <= 0 ? null : account with { Reserved = account.Reserved + amount };

    /// <summary>The account after giving back <paramref name="amount"/>; null for nothing to write.</summary>
    public static BudgetAccount? Release(BudgetAccount account, decimal amount) =>
        amount <= 0 ? null : account with { Released = account.Released + Math.Min(amount, account.Committed) };
}
