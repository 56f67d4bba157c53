using System.Net.Http.Headers;
using BatchInference.Providers.RateLimiting;
using BatchInference.Providers.Resilience;

namespace BatchInference.Providers.Transport;

/// <summary>
/// Sends one Anthropic Messages request (<c>POST /v1/messages</c>), body byte for byte, and reads the whole answer:
/// status, headers, raw body. A plain HTTP call rather than the Anthropic SDK, because the SDK re-serializes the body
/// from a dictionary (keys reordered, strings re-escaped) and turns error statuses into exceptions that drop the
/// <c>retry-after</c> and <c>anthropic-ratelimit-*</c> headers the resilience pipeline needs. No retries here: exactly
/// one HTTP call per <see cref="SendAsync"/>.
/// </summary>
internal sealed class AnthropicMessagesSender : IProviderRequestSender
{
    // A backstop only: the resilience pipeline's per-attempt timeout must fire first.
    private static readonly TimeSpan NetworkTimeoutMargin = TimeSpan.FromSeconds(5);

    private readonly Uri _messages;
    private readonly TimeSpan _networkTimeout;
    private readonly string? _apiKey;
    private readonly string _version;
    private readonly TimeProvider _timeProvider;

    public AnthropicMessagesSender(ProviderEndpointOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _messages = AnthropicEndpoint.Messages(options.BaseUrl);
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        _version = options.AnthropicVersion;
        _networkTimeout = options.RequestTimeout + NetworkTimeoutMargin;
    }

    public bool Supports(string url) => url == AnthropicEndpoint.MessagesUrl;

    public async Task<ProviderResponse> SendAsync(
        string url,
        string model,
        ReadOnlyMemory<byte> body,
        string clientRequestId,
        CancellationToken cancellationToken = default)
    {
        if (!Supports(url))
        {
            throw new ArgumentException($"Unsupported URL '{url}'.", nameof(url));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _messages);
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(AnthropicEndpoint.VersionHeader, _version);
        request.Headers.TryAddWithoutValidation(OpenAIProtocolSender.ClientRequestIdHeader, clientRequestId);
        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation(AnthropicEndpoint.ApiKeyHeader, _apiKey);
        }

        using var backstop = new CancellationTokenSource(_networkTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, backstop.Token);
        using var response = await SharedHttpClient.Instance.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token)
            .ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
        var hints = RateLimitHints.Parse(name => HeaderValue(response, name), _timeProvider.GetUtcNow());
        return new ProviderResponse((int)response.StatusCode, content, HeaderValue(response, AnthropicEndpoint.RequestIdHeader), hints);
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;
}
