namespace BatchInference.Ledger.Pricing;

/// <summary>
/// One entry of the catalog: what a provider offers for a model at a tier — its price, its limits, how long a batch
/// takes, and where it runs.
/// </summary>
/// <param name="Price">The prices.</param>
/// <param name="Limits">Rate and batch-size limits; <see cref="TierLimits.None"/> when none are known.</param>
/// <param name="Completion">The completion-time model of a <c>batch</c> tier; <see langword="null"/> for other tiers
/// (their time comes from the rate limits) and for batch entries that give none.</param>
/// <param name="Region">The region the entry runs in, when it is narrower than its provider's regions.</param>
/// <param name="Deployment">The provider-side name to call (an Azure OpenAI deployment) when it differs from the model.</param>
public sealed record TierOffer(ModelPrice Price, TierLimits Limits, CompletionTimes? Completion, string? Region, string? Deployment)
{
    /// <summary>The provider name.</summary>
    public string Provider => Price.Provider;

    /// <summary>The model name.</summary>
    public string Model => Price.Model;

    /// <summary>The tier name.</summary>
    public string Tier => Price.Tier;

    /// <summary>The name to send to the provider: <see cref="Deployment"/> when set, else the model.</summary>
    public string DeploymentOrModel => Deployment ?? Price.Model;
}
