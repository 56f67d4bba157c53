using System.Globalization;
using BatchInference.Jobs.Settings;
using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// The provider and tier pairs that may run a shard: allowed by the tier policy and the provider and region allow-lists,
/// offering every model of the shard on that tier for its endpoint, and — for a provider batch — holding one model and
/// endpoint within the provider's line and byte limits. Pairs that fail only on the shard's shape are kept as reasons.
/// </summary>
internal sealed class ShardRoutes(TierCatalog catalog, JobSettings settings)
{
    private readonly HashSet<string> _tiers = TiersFor(settings.TierPolicy);

    public (List<PlanRoute> Routes, List<string> Excluded) For(ShardWorkload shard)
    {
        var routes = new List<PlanRoute>();
        var excluded = new List<string>();
        foreach (var provider in catalog.Providers.Where(ProviderAllowed))
        {
            foreach (var tier in TierCatalog.TiersOf(provider).Where(_tiers.Contains))
            {
                var offers = new List<(ModelWorkload, TierOffer)>();
                foreach (var model in shard.Models)
                {
                    if (catalog.TryGetOffer(provider.Name, model.Model, tier, out var offer)
                        && TierCatalog.Serves(provider.Kind, tier, model.Url)
                        && RegionAllowed(TierCatalog.RegionsOf(offer, provider)))
                    {
                        offers.Add((model, offer));
                    }
                }

                if (offers.Count == 0 || offers.Count < shard.Models.Count)
                {
                    continue;
                }

                var route = new PlanRoute(provider, tier, offers);
                if (tier == Tiers.Batch && BatchProblem(shard, offers[0].Item2) is { } problem)
                {
                    excluded.Add($"{route.Name}: {problem}");
                    continue;
                }

                routes.Add(route);
            }
        }

        return (routes, excluded);
    }

    private static HashSet<string> TiersFor(TierPolicy policy) => policy switch
    {
        TierPolicy.Realtime => [Tiers.Realtime],
        TierPolicy.Batch => [Tiers.Batch, Tiers.Realtime],
        TierPolicy.Flex => [Tiers.Flex, Tiers.Realtime],
        TierPolicy.Spot => [Tiers.Spot, Tiers.Realtime],
        _ => [Tiers.Realtime, Tiers.Batch, Tiers.Flex, Tiers.Spot],
    };

    // One provider batch is one file of one model for one endpoint (OpenAI and Azure OpenAI batch files are
    // single-model; Anthropic's Message Batches take only /v1/messages), within the provider's size limits.
    private static string? BatchProblem(ShardWorkload shard, TierOffer offer)
    {
        if (shard.Models.Count > 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the shard mixes {shard.Models.Count} model/endpoint pairs and a provider batch takes one");
        }

        if (offer.Limits.MaxBatchLines is { } maxLines && shard.Lines > maxLines)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{shard.Lines:N0} lines, over the batch limit of {maxLines:N0}");
        }

        if (offer.Limits.MaxBatchBytes is { } maxBytes && shard.Bytes > maxBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{shard.Bytes:N0} bytes, over the batch limit of {maxBytes:N0}");
        }

        return null;
    }

    private bool ProviderAllowed(ProviderInfo provider) =>
        settings.AllowedProviders.Count == 0 || settings.AllowedProviders.Contains(provider.Name, StringComparer.OrdinalIgnoreCase);

    // Data residency: every region the offer may process in must be allowed; an offer of unknown regions is not.
    private bool RegionAllowed(IReadOnlyList<string> regions) =>
        settings.AllowedRegions.Count == 0
        || (regions.Count > 0 && regions.All(r => settings.AllowedRegions.Contains(r, StringComparer.OrdinalIgnoreCase)));
}
