namespace BatchInference.Emulator.Usage;

/// <summary>One queued failure of an organization-API call: its status and the <c>Retry-After</c> it advertises.</summary>
internal sealed record UsageFault(int StatusCode, TimeSpan? RetryAfter);
