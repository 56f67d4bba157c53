namespace BatchInference.Providers.Batches;

/// <summary>One line of a batch's results.</summary>
/// <param name="CustomId">The <see cref="BatchInputLine.CustomId"/> it answers.</param>
/// <param name="StatusCode">The HTTP status of the request inside the batch; null when it never ran.</param>
/// <param name="RequestId">The provider's request id, when it gave one.</param>
/// <param name="Body">
/// The response body, raw: a chat completion / embedding list (OpenAI) or a message (Anthropic) on success, the error
/// body on a per-line failure; empty when none.
/// </param>
/// <param name="ErrorCode">Null for an answer; else a provider code or one of <see cref="BatchErrorCodes"/>.</param>
/// <param name="ErrorMessage">The provider's message for <paramref name="ErrorCode"/>.</param>
public sealed record BatchResultLine(
    string CustomId,
    int? StatusCode,
    string? RequestId,
    ReadOnlyMemory<byte> Body,
    string? ErrorCode,
    string? ErrorMessage)
{
    /// <summary>True when the provider answered the request (2xx) — a paid call.</summary>
    public bool Succeeded => ErrorCode is null && StatusCode is >= 200 and < 300;

    /// <summary>True when the request never ran (expired or cancelled): run it elsewhere.</summary>
    public bool NeverRan => ErrorCode is BatchErrorCodes.Expired or BatchErrorCodes.Cancelled;
}
