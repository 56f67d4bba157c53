namespace BatchInference.Providers.Realtime;

/// <summary>One request to send in real time, as it appears in an OpenAI batch input line.</summary>
/// <param name="CustomId">The caller's id of the request, echoed in the outcome.</param>
/// <param name="Url">
/// The API path: <c>/v1/chat/completions</c>, <c>/v1/embeddings</c> or <c>/v1/responses</c> for OpenAI-protocol
/// endpoints, <c>/v1/messages</c> for Anthropic.
/// </param>
/// <param name="Model">The model named in the body (used for logs and client selection; the body is not changed).</param>
/// <param name="Body">The JSON body, sent byte for byte.</param>
/// <param name="ClientRequestIdPrefix">
/// Prefix of the <c>X-Client-Request-Id</c> header; attempt <c>n</c> sends <c>{prefix}:{n}</c> so each paid call can be
/// traced back to its request. Any text: characters a header cannot carry are percent-encoded as UTF-8.
/// </param>
public sealed record RealtimeRequest(string CustomId, string Url, string Model, ReadOnlyMemory<byte> Body, string ClientRequestIdPrefix)
{
    /// <summary>
    /// When set, the request is patient until then: a provider outage (open circuit, 429s, 5xx or timeouts while other
    /// requests fail too) makes it wait and try again instead of failing, and only its own failures use up
    /// <see cref="ProviderEndpointOptions.MaxAttempts"/>. When the next try would fall past it, the request fails with
    /// <see cref="RealtimeErrorCodes.DeadlineExceeded"/>. Null (the default): every failed attempt counts and an open
    /// circuit fails the request at once, for callers that have somewhere else to send it.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }
}
