namespace BatchInference.Jobs.Settings;

/// <summary>What a job does with lines whose model the price catalog does not know (setting <c>unknown_model</c>).</summary>
public enum UnknownModelPolicy
{
    /// <summary><c>fail</c> (the default): the lines fail with <c>model_not_in_catalog</c>, naming the closest known models.</summary>
    Fail,

    /// <summary>
    /// <c>run_unpriced</c>: the lines run in real time on the provider their url and model name point to; their ledger
    /// lines and spend rows are marked unpriced (cost 0, unknown); budgets count them as <see cref="UnpricedBudgetPolicy"/> says.
    /// </summary>
    RunUnpriced,
}
