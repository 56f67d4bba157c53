namespace BatchInference.Providers.Realtime;

/// <summary>The final result of one <see cref="RealtimeRequest"/> after every attempt.</summary>
/// <param name="CustomId">The request's <see cref="RealtimeRequest.CustomId"/>.</param>
/// <param name="Succeeded">True when the provider answered 2xx.</param>
/// <param name="StatusCode">The last HTTP status received; null when no attempt got an answer.</param>
/// <param name="RequestId">The provider's request id (<c>x-request-id</c>; Anthropic: <c>request-id</c>) of the last answer.</param>
/// <param name="ResponseBody">The provider's raw JSON of the last answer, success or error body; empty when none.</param>
/// <param name="ErrorCode">Null on success, otherwise one of <see cref="RealtimeErrorCodes"/>.</param>
/// <param name="ErrorMessage">A human-readable reason on failure (the provider's error message when it gave one).</param>
/// <param name="Attempts">Every attempt made, in order; those with <see cref="AttemptRecord.Usage"/> were paid.</param>
public sealed record RealtimeOutcome(
    string CustomId,
    bool Succeeded,
    int? StatusCode,
    string? RequestId,
    ReadOnlyMemory<byte> ResponseBody,
    string? ErrorCode,
    string? ErrorMessage,
    IReadOnlyList<AttemptRecord> Attempts);
