using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace BatchInference.Providers.Transport;

/// <summary>
/// Builds the official SDK's <see cref="OpenAIClient"/> for an OpenAI-protocol endpoint: its address, the credential in
/// the header the endpoint expects, and the SDK's own retries off (the caller owns the one retry layer).
/// </summary>
internal static class OpenAIClientFactory
{
    /// <summary>Azure OpenAI's key header (the v1 API also takes Entra ID tokens as a bearer token).</summary>
    public const string AzureApiKeyHeader = "api-key";

    public static OpenAIClient Create(ProviderEndpointOptions options, TimeSpan networkTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout,
        };
#pragma warning disable OPENAI001 // The AuthenticationPolicy constructor is marked experimental in OpenAI 2.15.
        return new OpenAIClient(AuthenticationFor(options), clientOptions);
#pragma warning restore OPENAI001
    }

    /// <summary>
    /// A pipeline with the same credential, timeout and no retries, for an endpoint the SDK has no client for (legacy
    /// <c>/v1/completions</c>).
    /// </summary>
    public static ClientPipeline CreatePipeline(ProviderEndpointOptions options, TimeSpan networkTimeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pipelineOptions = new ClientPipelineOptions { RetryPolicy = new ClientRetryPolicy(maxRetries: 0), NetworkTimeout = networkTimeout };
        return ClientPipeline.Create(pipelineOptions, [AuthenticationFor(options)], [], []);
    }

    /// <summary>The policy that puts the endpoint's credential in the header it expects.</summary>
    public static AuthenticationPolicy AuthenticationFor(ProviderEndpointOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return new AnonymousAuthenticationPolicy();
        }

        var credential = new ApiKeyCredential(options.ApiKey);
        return options.Kind == ProviderKind.AzureOpenAI
            ? ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(credential, AzureApiKeyHeader)
            : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(credential);
    }
}
