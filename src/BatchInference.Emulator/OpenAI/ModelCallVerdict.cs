using BatchInference.Emulator.Faults;
using BatchInference.Emulator.RateLimits;

namespace BatchInference.Emulator.OpenAI;

/// <summary>What <see cref="ModelCallGate"/> decided for one call, before any provider-shaped answer is written.</summary>
/// <param name="Limits">The rate limiter's decision (its buckets fill the rate-limit headers either way).</param>
/// <param name="Fault">The injected server fault to answer with, or null.</param>
internal sealed record ModelCallVerdict(RateLimitDecision Limits, ServerFault? Fault)
{
    public bool Admitted => Limits.Allowed && Fault is null;
}
