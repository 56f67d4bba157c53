namespace BatchInference.Ledger.Reconciliation;

/// <summary>What a provider reports for one model and tier on one day: its usage report joined with its cost report.</summary>
/// <param name="Model">Model, snapshot date suffix removed (<c>gpt-4o-mini-2024-07-18</c> is reported as <c>gpt-4o-mini</c>).</param>
/// <param name="Tier">Tier as the ledger names it: <c>realtime</c>, <c>batch</c> or <c>flex</c>; <see cref="AllTiers"/> when the
/// report cannot tell tiers apart.</param>
/// <param name="Requests">Model requests the provider counted.</param>
/// <param name="InputTokens">Input tokens, cached included.</param>
/// <param name="CachedInputTokens">Cached input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">What the provider charges, in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 currency, upper case.</param>
public sealed record ProviderUsageLine(
    string Model,
    string Tier,
    long Requests,
    long InputTokens,
    long CachedInputTokens,
    long OutputTokens,
    decimal Cost,
    string Currency)
{
    /// <summary>
    /// The tier of a line from a report that does not split by tier (OpenAI's embeddings usage has no <c>batch</c>
    /// grouping): the reconciliation then compares that model's usage over all tiers at once.
    /// </summary>
    public const string AllTiers = "all";
}
