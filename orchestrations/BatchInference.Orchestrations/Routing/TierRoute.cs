using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Routing;

/// <summary>
/// Where a shard's real-time requests go: a provider's client at one tier, whether the body asks for flex processing,
/// and the deployment name that replaces a model in the body (Azure OpenAI; null when the model is the name).
/// </summary>
internal sealed record TierRoute(string Provider, string Tier, RealtimeClient Client, bool Flex = false, Func<string, string?>? DeploymentOf = null)
{
    public RealtimeRequest Prepare(RealtimeRequest request)
    {
        var body = request.Body;
        if (DeploymentOf?.Invoke(request.Model) is { } deployment && deployment != request.Model)
        {
            body = ModelBody.WithModel(body, deployment);
        }

        if (Flex)
        {
            body = ServiceTierBody.WithFlex(body);
        }

        return body.Equals(request.Body) ? request : request with { Body = body };
    }
}
