namespace BatchInference.Emulator.Usage;

/// <summary>
/// Usage the emulator reports on its usage and costs endpoints although nobody called for it: a switch that gives
/// reconciliation something to flag. Added to the real-time (<c>batch=false</c>) usage of <see cref="Model"/> on
/// <see cref="Day"/>; the costs endpoint prices the extra tokens like real ones.
/// </summary>
/// <param name="Day">UTC day the extra usage lands on.</param>
/// <param name="Model">Model the extra usage is reported for.</param>
/// <param name="ExtraRequests">Extra model requests.</param>
/// <param name="ExtraInputTokens">Extra (uncached) input tokens.</param>
/// <param name="ExtraOutputTokens">Extra output tokens.</param>
public sealed record UsageDiscrepancy(DateOnly Day, string Model, int ExtraRequests, long ExtraInputTokens, long ExtraOutputTokens)
{
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Model, nameof(Model));
        ArgumentOutOfRangeException.ThrowIfNegative(ExtraRequests, nameof(ExtraRequests));
        ArgumentOutOfRangeException.ThrowIfNegative(ExtraInputTokens, nameof(ExtraInputTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(ExtraOutputTokens, nameof(ExtraOutputTokens));
    }
}
