using BatchInference.Providers.Realtime;

namespace BatchInference.Orchestrations.Routing;

/// <summary>Where a shard's real-time requests go: a provider's client at one tier, and how a body is prepared for it.</summary>
internal sealed record TierRoute(string Provider, string Tier, RealtimeClient Client, Func<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>? PrepareBody = null)
{
    public RealtimeRequest Prepare(RealtimeRequest request) =>
        PrepareBody is null ? request : request with { Body = PrepareBody(request.Body) };
}
