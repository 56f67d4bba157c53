namespace BatchInference.Emulator.RateLimits;

/// <summary>Why a request was refused, if it was.</summary>
internal enum RateLimitKind
{
    /// <summary>Admitted.</summary>
    None,

    /// <summary>The requests-per-window bucket is empty.</summary>
    Requests,

    /// <summary>The tokens-per-window bucket does not hold the request's tokens yet.</summary>
    Tokens,

    /// <summary>The request alone needs more tokens than the limit allows; waiting will not help.</summary>
    RequestTooLarge,
}
