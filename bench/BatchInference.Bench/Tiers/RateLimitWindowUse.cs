namespace BatchInference.Bench.Tiers;

/// <summary>What the emulator let through in one rate-limit window of a run.</summary>
/// <param name="Index">0 for the window that starts at the run's first call.</param>
/// <param name="Accepted">Calls the limiter admitted.</param>
/// <param name="Rejected">Calls answered 429.</param>
/// <param name="Used">Limit units the admitted calls took: tokens (prompt + <c>max_tokens</c>) or requests.</param>
/// <param name="Steady">Whether the window counts towards the steady figures (neither the first nor the last).</param>
internal sealed record RateLimitWindowUse(int Index, int Accepted, int Rejected, long Used, bool Steady);
