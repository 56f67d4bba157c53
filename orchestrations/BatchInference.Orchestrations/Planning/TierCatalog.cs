using BatchInference.Ledger.Pricing;
using BatchInference.Orchestrations.State;

namespace BatchInference.Orchestrations.Planning;

/// <summary>
/// The planner's view of a <see cref="PriceCatalog"/>: which provider offers which model at which tier, with what
/// limits and completion times, in which regions, and for which endpoints.
/// </summary>
public sealed class TierCatalog
{
    private static readonly string[] PlannedTiers = [Tiers.Realtime, Tiers.Batch, Tiers.Flex, Tiers.Spot];

    /// <summary>Wraps <paramref name="prices"/>.</summary>
    /// <param name="prices">The catalog.</param>
    public TierCatalog(PriceCatalog prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        Prices = prices;
        Providers = prices.Providers;
    }

    /// <summary>The catalog underneath.</summary>
    public PriceCatalog Prices { get; }

    /// <summary>The catalog's currency.</summary>
    public string Currency => Prices.Currency;

    /// <summary>The providers in the catalog's order, which also breaks ties between equally good options.</summary>
    public IReadOnlyList<ProviderInfo> Providers { get; }

    /// <summary>The tiers of <paramref name="provider"/> the planner knows how to run, in a fixed order.</summary>
    internal static IEnumerable<string> TiersOf(ProviderInfo provider) => PlannedTiers.Where(t => provider.Tiers.Contains(t, StringComparer.Ordinal));

    /// <summary>The entry of <paramref name="model"/> on <paramref name="provider"/> at <paramref name="tier"/>.</summary>
    internal bool TryGetOffer(string provider, string model, string tier, out TierOffer offer) =>
        Prices.TryGetOffer(provider, model, tier, out offer);

    /// <summary>Where <paramref name="offer"/> may process data: its own region, else its provider's regions.</summary>
    internal static IReadOnlyList<string> RegionsOf(TierOffer offer, ProviderInfo provider) =>
        offer.Region is { } region ? [region] : provider.Regions;

    /// <summary>Whether a provider of <paramref name="kind"/> serves <paramref name="url"/> at <paramref name="tier"/>.</summary>
    /// <remarks>
    /// Anthropic speaks only Messages, in real time and in Message Batches. The OpenAI family (OpenAI, Azure OpenAI,
    /// OpenAI-compatible servers) speaks chat completions, responses and embeddings, in batches too; flex is offered for
    /// chat completions and responses only (OpenAI's flex processing guide). Legacy completions (<c>/v1/completions</c>)
    /// go to OpenAI in real time and in its Batch API, and to OpenAI-compatible servers; see <see cref="UrlSupport"/>.
    /// </remarks>
    internal static bool Serves(ProviderKind kind, string tier, string url) => kind switch
    {
        ProviderKind.Anthropic => url == "/v1/messages",
        _ when url == UrlSupport.Completions => kind != ProviderKind.AzureOpenAI && tier != Tiers.Flex,
        _ when tier == Tiers.Flex => url is "/v1/chat/completions" or "/v1/responses",
        _ => url is "/v1/chat/completions" or "/v1/responses" or "/v1/embeddings",
    };
}
