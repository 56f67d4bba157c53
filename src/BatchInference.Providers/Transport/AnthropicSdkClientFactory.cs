using Anthropic;
using Anthropic.Core;

namespace BatchInference.Providers.Transport;

/// <summary>
/// Builds the official Anthropic SDK client for an endpoint: its address, exactly the configured key sent by
/// <see cref="AnthropicHeadersHandler"/> (the SDK is told it has no credential, so it neither sends one of its own nor
/// looks for keys, tokens and profiles in the environment), the SDK's retries off, one time limit per call.
/// </summary>
internal static class AnthropicSdkClientFactory
{
    public static AnthropicClient Create(ProviderEndpointOptions options, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AnthropicClient(new ClientOptions
        {
            BaseUrl = AnthropicEndpoint.Root(options.BaseUrl),
            ApiKey = null,
            MaxRetries = 0,
            Timeout = timeout,
            HttpClient = SharedHttpClient.Instance,
            Handlers = [new AnthropicHeadersHandler(options.AnthropicVersion, string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey)],
        });
    }
}
