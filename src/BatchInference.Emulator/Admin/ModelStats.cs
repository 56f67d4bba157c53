namespace BatchInference.Emulator.Admin;

/// <summary>Totals for one model (or for everything) in <see cref="EmulatorStats"/>.</summary>
internal sealed record ModelStats(int Requests, int Billable, long PromptTokens, long CachedTokens, long CompletionTokens);
