namespace BatchInference.Jobs.Settings;

/// <summary>The setting names of <see cref="UnknownModelPolicy"/> values (case-insensitive).</summary>
public static class UnknownModelPolicyNames
{
    /// <summary>What the setting accepts, for error messages.</summary>
    public const string Expected = "one of fail, run_unpriced";

    /// <summary>Reads <paramref name="text"/>; false when it is not a policy name.</summary>
    public static bool TryParse(string? text, out UnknownModelPolicy policy)
    {
        policy = text?.ToUpperInvariant() switch
        {
            "FAIL" => UnknownModelPolicy.Fail,
            "RUN_UNPRICED" => UnknownModelPolicy.RunUnpriced,
            _ => (UnknownModelPolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }

    /// <summary>The setting name of <paramref name="policy"/>.</summary>
    public static string Name(UnknownModelPolicy policy) => policy == UnknownModelPolicy.RunUnpriced ? "run_unpriced" : "fail";
}
