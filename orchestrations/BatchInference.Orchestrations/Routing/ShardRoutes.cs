using BatchInference.Orchestrations.Engine;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Routing;

/// <summary>Builds the router a shard's real-time lines run through, from the tier and provider it was planned on.</summary>
internal static class ShardRoutes
{
    /// <param name="context">The engine.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="afterBatch">True when the lines left over by the shard's provider batch run now: standard tier.</param>
    public static ShardRouter For(EngineContext context, ShardState shard, bool afterBatch = false)
    {
        var endpoint = context.Provider(shard.Provider);
        var standard = new TierRoute(endpoint.Name, Tiers.Realtime, endpoint.Realtime, DeploymentOf: Deployments(context, endpoint.Name, Tiers.Realtime));
        var switchAfter = context.Options.FallbackSwitchAfter;
        return (afterBatch ? Tiers.Realtime : shard.Tier) switch
        {
            Tiers.Flex => new ShardRouter(
                new TierRoute(endpoint.Name, Tiers.Flex, endpoint.Flex ?? endpoint.Realtime, Flex: true, Deployments(context, endpoint.Name, Tiers.Flex)),
                standard,
                switchAfter),
            Tiers.Spot => SpotRouter(context, endpoint, switchAfter),
            _ => new ShardRouter(standard, fallback: null, switchAfter),
        };
    }

    // A spot endpoint may vanish: its lines fall back to the default provider's standard tier.
    private static ShardRouter SpotRouter(EngineContext context, ProviderEndpoint spot, int switchAfter)
    {
        var fallback = context.Provider(
            string.IsNullOrWhiteSpace(context.Options.SpotFallbackProvider) ? context.Options.Provider : context.Options.SpotFallbackProvider);
        return new ShardRouter(
            new TierRoute(spot.Name, Tiers.Spot, spot.Realtime, DeploymentOf: Deployments(context, spot.Name, Tiers.Spot)),
            ReferenceEquals(fallback, spot)
                ? null
                : new TierRoute(fallback.Name, Tiers.Realtime, fallback.Realtime, DeploymentOf: Deployments(context, fallback.Name, Tiers.Realtime)),
            switchAfter);
    }

    /// <summary>The deployment name the catalog gives a model at this provider and tier (null: the model's own name).</summary>
    public static Func<string, string?> Deployments(EngineContext context, string provider, string tier) =>
        model => context.Catalog.TryGetOffer(provider, model, tier, out var offer) ? offer.Deployment : null;
}
