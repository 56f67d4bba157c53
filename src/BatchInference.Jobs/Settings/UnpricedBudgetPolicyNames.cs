namespace BatchInference.Jobs.Settings;

/// <summary>The setting names of <see cref="UnpricedBudgetPolicy"/> values (case-insensitive).</summary>
public static class UnpricedBudgetPolicyNames
{
    /// <summary>What the setting accepts, for error messages.</summary>
    public const string Expected = "one of estimate, exclude";

    /// <summary>Reads <paramref name="text"/>; false when it is not a policy name.</summary>
    public static bool TryParse(string? text, out UnpricedBudgetPolicy policy)
    {
        policy = text?.ToUpperInvariant() switch
        {
            "ESTIMATE" => UnpricedBudgetPolicy.Estimate,
            "EXCLUDE" => UnpricedBudgetPolicy.Exclude,
            _ => (UnpricedBudgetPolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }

    /// <summary>The setting name of <paramref name="policy"/>.</summary>
    public static string Name(UnpricedBudgetPolicy policy) => policy == UnpricedBudgetPolicy.Exclude ? "exclude" : "estimate";
}
