namespace BatchInference.Emulator.Usage;

/// <summary>Usage of one group (day, and model when grouped) as the usage endpoint reports it.</summary>
internal sealed record UsageTotals(string Model, long Requests, long InputTokens, long CachedInputTokens, long OutputTokens)
{
    public UsageTotals Plus(UsageTotals other) => this with
    {
        Requests = Requests + other.Requests,
        InputTokens = InputTokens + other.InputTokens,
        CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
        OutputTokens = OutputTokens + other.OutputTokens,
    };
}
