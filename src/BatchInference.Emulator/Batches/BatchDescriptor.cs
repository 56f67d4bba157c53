namespace BatchInference.Emulator.Batches;

/// <summary>What a batch was created with, beyond its requests.</summary>
/// <param name="Provider">One of <see cref="EmulatorProviders"/>.</param>
/// <param name="Endpoint">The path every request uses (OpenAI's <c>endpoint</c>; <c>/v1/messages</c> for Anthropic).</param>
/// <param name="InputFileId">OpenAI's input file; null for Anthropic.</param>
/// <param name="CompletionWindow">OpenAI's <c>completion_window</c> (<c>24h</c>); Anthropic's fixed 24 hours.</param>
/// <param name="Metadata">OpenAI metadata (up to 16 pairs); empty for Anthropic.</param>
/// <param name="Validates">True when the batch passes through <see cref="BatchPhase.Validating"/> (OpenAI).</param>
internal sealed record BatchDescriptor(
    string Provider,
    string Endpoint,
    string? InputFileId,
    string CompletionWindow,
    IReadOnlyDictionary<string, string> Metadata,
    bool Validates)
{
    /// <summary>The provider's completion window: 24 hours, the only one either provider offers.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
}
