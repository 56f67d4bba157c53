namespace BatchInference.Emulator.Usage;

/// <summary>Usage of one group (day, and model and tier when grouped) as the usage endpoint reports it.</summary>
/// <param name="Model">The model.</param>
/// <param name="Requests">Billable requests.</param>
/// <param name="InputTokens">Input tokens, cached included.</param>
/// <param name="CachedInputTokens">Cached input tokens (Anthropic: cache reads).</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Tier">One of <see cref="EmulatorTiers"/>; batch and flex are billed at half the standard price.</param>
/// <param name="CacheWriteInputTokens">Input tokens written to the prompt cache (Anthropic cache creation).</param>
internal sealed record UsageTotals(
    string Model, long Requests, long InputTokens, long CachedInputTokens, long OutputTokens, string Tier = EmulatorTiers.Realtime, long CacheWriteInputTokens = 0)
{
    /// <summary>
    /// The price factor of the tier: OpenAI prices Batch API and flex tokens at 50 % of standard
    /// (https://platform.openai.com/docs/guides/batch, https://platform.openai.com/docs/guides/flex-processing), Anthropic
    /// its Message Batches at 50 % (https://docs.claude.com/en/docs/build-with-claude/batch-processing, "Pricing").
    /// </summary>
    public decimal PriceFactor => Tier is EmulatorTiers.Batch or EmulatorTiers.Flex ? 0.5m : 1m;

    public UsageTotals Plus(UsageTotals other) => this with
    {
        Requests = Requests + other.Requests,
        InputTokens = InputTokens + other.InputTokens,
        CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
        OutputTokens = OutputTokens + other.OutputTokens,
        CacheWriteInputTokens = CacheWriteInputTokens + other.CacheWriteInputTokens,
    };
}
