namespace BatchInference.Ledger.Pricing;

/// <summary>
/// How long a provider batch takes from submission until its results can be downloaded: the median, the 95th
/// percentile the planner plans with, and the most the provider allows (its completion window, after which it expires).
/// </summary>
/// <param name="P50">Half of the batches finish within this.</param>
/// <param name="P95">95 % of the batches finish within this; the planner's pessimistic estimate.</param>
/// <param name="Max">The completion window: a batch still running after this expires.</param>
public sealed record CompletionTimes(TimeSpan P50, TimeSpan P95, TimeSpan Max)
{
    /// <summary>
    /// What a batch entry without a completion model is assumed to take: its whole 24-hour window, the only figure
    /// OpenAI, Azure OpenAI and Anthropic all publish.
    /// </summary>
    public static CompletionTimes Window24Hours { get; } = new(TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromHours(24));
}
