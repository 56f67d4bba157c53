using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchInference.Storage.ServiceBus;

/// <summary>
/// Authorizes every attempt with a fresh SAS token for <c>resource</c> (a namespace or queue URI; the token is valid for
/// every URI under it). Signing costs one HMAC, so tokens are not cached and never outlive their request by more than
/// the configured lifetime.
/// </summary>
internal sealed class ServiceBusSasPolicy(Uri resource, string keyName, string key, TimeSpan lifetime, TimeProvider timeProvider)
    : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) =>
        message.Request.Headers.SetValue(
            "Authorization", ServiceBusSasToken.Create(resource, keyName, key, timeProvider.GetUtcNow() + lifetime));
}
