using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// Authorizes every attempt with a fresh SAS token for the entity the request addresses (<c>{namespace}/{entity}</c>,
/// the part of the path before <c>/messages</c>), so one namespace-level key reaches a queue and its siblings while each
/// token stays valid for one entity only. Signing costs one HMAC, so tokens are not cached and never outlive their
/// request by more than the configured lifetime.
/// </summary>
internal sealed class ServiceBusSasPolicy(string keyName, string key, TimeSpan lifetime, TimeProvider timeProvider)
    : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue(
            "Authorization", ServiceBusSasToken.Create(EntityOf(message.Request.Uri.ToUri()), keyName, key, timeProvider.GetUtcNow() + lifetime));

    /// <summary>The entity a request URI addresses: its path up to a <c>messages</c> segment (never the first), no query.</summary>
    internal static Uri EntityOf(Uri requestUri)
    {
        var segments = requestUri.AbsolutePath.Trim('/').Split('/');
        var end = Array.IndexOf(segments, "messages", 1);
        var path = string.Join('/', end < 0 ? segments : segments[..end]);
        return new Uri(requestUri.GetLeftPart(UriPartial.Authority) + "/" + path);
    }
}
