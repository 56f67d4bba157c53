namespace BatchInference.Providers.Transport;

/// <summary>
/// Sets Anthropic's documented headers on every request the Anthropic SDK sends: the configured
/// <c>anthropic-version</c> (replacing the SDK's built-in value rather than adding a second one) and the key as
/// <c>x-api-key</c>. The SDK itself is given no key: version 13 would send it as <c>Authorization: Bearer</c>, and the
/// real-time calls, which bypass the SDK, use <c>x-api-key</c>; one header for all calls keeps them alike.
/// </summary>
internal sealed class AnthropicHeadersHandler(string version, string? apiKey) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(AnthropicEndpoint.VersionHeader);
        request.Headers.TryAddWithoutValidation(AnthropicEndpoint.VersionHeader, version);
        if (apiKey is not null)
        {
            request.Headers.Remove(AnthropicEndpoint.ApiKeyHeader);
            request.Headers.TryAddWithoutValidation(AnthropicEndpoint.ApiKeyHeader, apiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
