using BatchInference.Providers.Resilience;

namespace BatchInference.Providers.Transport;

/// <summary>Makes one real-time HTTP call to a provider and hands back its whole answer, whatever the status.</summary>
internal interface IProviderRequestSender
{
    /// <summary>Whether this sender can send a request for <paramref name="url"/> (e.g. <c>/v1/messages</c>).</summary>
    bool Supports(string url);

    /// <summary>
    /// Makes exactly one HTTP call with <paramref name="body"/> as the request body. Cancelling aborts it. Transport
    /// failures throw; every HTTP answer, error statuses included, is returned.
    /// </summary>
    Task<ProviderResponse> SendAsync(
        string url,
        string model,
        ReadOnlyMemory<byte> body,
        string clientRequestId,
        CancellationToken cancellationToken = default);
}
