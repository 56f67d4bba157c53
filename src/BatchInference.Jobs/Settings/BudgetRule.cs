namespace BatchInference.Jobs.Settings;

/// <summary>The one rule for <c>budget_usd</c>, whichever source (metadata or sidecar) it came from.</summary>
internal static class BudgetRule
{
    /// <summary>The budget when it is positive; otherwise records an error for <paramref name="key"/> and returns null.</summary>
    public static decimal? Check(decimal budget, string source, string key, List<JobSettingsError> errors)
    {
        if (budget > 0)
        {
            return budget;
        }

        errors.Add(new JobSettingsError(source, key, "must be greater than 0."));
        return null;
    }
}
