namespace BatchInference.Providers.Realtime;

/// <summary>The values of <see cref="RealtimeOutcome.ErrorCode"/>.</summary>
public static class RealtimeErrorCodes
{
    /// <summary>The provider answered with a status that retrying cannot fix (400, 401, 404, ...); its body is kept.</summary>
    public const string ProviderRejected = "provider_rejected";

    /// <summary>Every attempt failed with a retryable status or error; the last status and body are kept.</summary>
    public const string RetriesExhausted = "retries_exhausted";

    /// <summary>The circuit breaker is open for this provider: it is failing and is not being called.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>The request's URL is not one this client can send.</summary>
    public const string UnsupportedUrl = "unsupported_url";
}
