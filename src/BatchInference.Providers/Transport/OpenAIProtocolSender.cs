using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using BatchInference.Providers.RateLimiting;
using BatchInference.Providers.Resilience;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Responses;

namespace BatchInference.Providers.Transport;

/// <summary>
/// Sends one request body, byte for byte, through the official OpenAI SDK's protocol methods and reads the answer
/// itself (status, headers, raw body) instead of letting the SDK throw. The SDK's retries are off: exactly one HTTP call
/// per <see cref="SendAsync"/>.
/// </summary>
internal sealed class OpenAIProtocolSender : IProviderRequestSender
{
    public const string ChatCompletionsUrl = "/v1/chat/completions";
    public const string EmbeddingsUrl = "/v1/embeddings";
    public const string ResponsesUrl = "/v1/responses";
    public const string CompletionsUrl = "/v1/completions";
    public const string ClientRequestIdHeader = "X-Client-Request-Id";

    // The SDK's network timeout is a backstop only: the resilience pipeline's per-attempt timeout must fire first so a
    // slow call surfaces as a TimeoutRejectedException with a clear cause.
    private static readonly TimeSpan NetworkTimeoutMargin = TimeSpan.FromSeconds(5);

    private readonly OpenAIClient _client;
    private readonly ClientPipeline _pipeline;
    private readonly Uri _completionsUri;
    private readonly bool _azure;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmbeddingClient> _embeddingClients = new(StringComparer.Ordinal);
#pragma warning disable OPENAI001 // ResponsesClient is marked experimental in OpenAI 2.15; only its protocol method is used.
    private readonly ResponsesClient _responsesClient;
#pragma warning restore OPENAI001

    public OpenAIProtocolSender(ProviderEndpointOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _client = OpenAIClientFactory.Create(options, options.RequestTimeout + NetworkTimeoutMargin);
        _pipeline = OpenAIClientFactory.CreatePipeline(options, options.RequestTimeout + NetworkTimeoutMargin);
        _completionsUri = new Uri(options.BaseUrl.AbsoluteUri.TrimEnd('/') + "/completions");
        _azure = options.Kind == ProviderKind.AzureOpenAI;
#pragma warning disable OPENAI001 // ResponsesClient is marked experimental in OpenAI 2.15.
        _responsesClient = _client.GetResponsesClient();
#pragma warning restore OPENAI001
    }

    /// <summary>
    /// Whether an endpoint of <paramref name="kind"/> is sent <paramref name="url"/>: chat completions, embeddings and
    /// responses everywhere; legacy completions to OpenAI and OpenAI-compatible servers, not to Azure OpenAI (its v1
    /// API serves them only for a few retired instruct models).
    /// </summary>
    public static bool SupportsUrl(string url, ProviderKind kind = ProviderKind.OpenAI) =>
        url is ChatCompletionsUrl or EmbeddingsUrl or ResponsesUrl || (url == CompletionsUrl && kind != ProviderKind.AzureOpenAI);

    public bool Supports(string url) => SupportsUrl(url, _azure ? ProviderKind.AzureOpenAI : ProviderKind.OpenAI);

    /// <summary>
    /// Makes exactly one HTTP call. Cancelling aborts it. Transport failures throw (<see cref="ClientResultException"/>,
    /// <see cref="OperationCanceledException"/>); every HTTP answer, error statuses included, is returned.
    /// </summary>
    public async Task<ProviderResponse> SendAsync(
        string url,
        string model,
        ReadOnlyMemory<byte> body,
        string clientRequestId,
        CancellationToken cancellationToken = default)
    {
        using var content = BinaryContent.Create(new BinaryData(body));
        var requestOptions = new RequestOptions
        {
            ErrorOptions = ClientErrorBehaviors.NoThrow,
            CancellationToken = cancellationToken,
        };
        requestOptions.AddHeader(ClientRequestIdHeader, clientRequestId);

        var result = url switch
        {
            ChatCompletionsUrl => await ChatClientFor(model).CompleteChatAsync(content, requestOptions).ConfigureAwait(false),
            EmbeddingsUrl => await EmbeddingClientFor(model).GenerateEmbeddingsAsync(content, requestOptions).ConfigureAwait(false),
            ResponsesUrl => await _responsesClient.CreateResponseAsync(content, requestOptions).ConfigureAwait(false),
            CompletionsUrl => await PostAsync(_completionsUri, content, requestOptions).ConfigureAwait(false),
            _ => throw new ArgumentException($"Unsupported URL '{url}'.", nameof(url)),
        };

        using var response = result.GetRawResponse();
        var hints = RateLimitHints.Parse(name => response.Headers.TryGetValue(name, out var value) ? value : null, _timeProvider.GetUtcNow());
        response.Headers.TryGetValue("x-request-id", out var requestId);
        return new ProviderResponse(response.Status, response.Content.ToMemory(), requestId, hints);
    }

    // The SDK has no client for legacy completions: the same POST on a pipeline with the same credential and timeout.
    private async Task<ClientResult> PostAsync(Uri uri, BinaryContent content, RequestOptions options)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = uri;
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Headers.Set("Accept", "application/json");
        message.Request.Content = content;
        message.Apply(options);
        await _pipeline.SendAsync(message).ConfigureAwait(false);
        return ClientResult.FromResponse(message.ExtractResponse()!);
    }

    // The model given to the SDK's sub-clients is only used by its convenience methods; the protocol methods send our
    // body untouched. One sub-client per model keeps that truthful at no cost.
    private ChatClient ChatClientFor(string model) => _chatClients.GetOrAdd(model, static (m, c) => c.GetChatClient(m), _client);

    private EmbeddingClient EmbeddingClientFor(string model) =>
        _embeddingClients.GetOrAdd(model, static (m, c) => c.GetEmbeddingClient(m), _client);
}
