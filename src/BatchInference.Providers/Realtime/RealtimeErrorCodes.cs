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

    /// <summary>
    /// The request's deadline left no time for another attempt while the provider was failing or throttling (an open
    /// circuit, 5xx, 429); the message names the last provider error.
    /// </summary>
    public const string DeadlineExceeded = "deadline_exceeded";

    /// <summary>
    /// The request could not be sent as written (e.g. a header value the HTTP stack refuses, a body that cannot be
    /// serialized): deterministic, so never retried.
    /// </summary>
    public const string ClientError = "client_error";

    /// <summary>The request's URL is not one this client can send.</summary>
    public const string UnsupportedUrl = "unsupported_url";
}
