using BatchInference.Ledger.Pricing;

namespace BatchInference.Orchestrations.Planning;

/// <summary>A provider and tier that can serve every model and endpoint of a shard, with the entry used for each.</summary>
internal sealed record PlanRoute(ProviderInfo Provider, string Tier, IReadOnlyList<(ModelWorkload Work, TierOffer Offer)> Offers)
{
    public string Name => $"{Tier} on {Provider.Name}";

    public decimal Cost() => Offers.Sum(o => CostCalculator.Cost(o.Offer.Price, new TokenCounts(o.Work.InputTokens, 0, o.Work.OutputTokens, 0)));
}
