namespace BatchInference.Providers.Realtime;

/// <summary>One HTTP call made for a request.</summary>
/// <param name="Attempt">1 for the first call, 2 for the first retry, and so on.</param>
/// <param name="StatusCode">The HTTP status; null when the call got no answer (transport error, timeout).</param>
/// <param name="RequestId">The provider's request id (<c>x-request-id</c>; Anthropic: <c>request-id</c>).</param>
/// <param name="StartedAt">When the call was sent (after any rate-limit wait).</param>
/// <param name="FinishedAt">When the answer or the failure arrived.</param>
/// <param name="Usage">Token usage parsed from a 2xx body: set means the attempt was paid.</param>
/// <param name="Error">Why the attempt failed, without any body content; null for a 2xx.</param>
public sealed record AttemptRecord(
    int Attempt,
    int? StatusCode,
    string? RequestId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    TokenUsage? Usage,
    string? Error);
