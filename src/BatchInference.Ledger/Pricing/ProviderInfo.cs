namespace BatchInference.Ledger.Pricing;

/// <summary>One provider of the catalog: its API, where it processes data, and the tiers it offers.</summary>
/// <param name="Name">The provider name prices refer to, e.g. <c>openai</c>.</param>
/// <param name="Kind">The API it speaks.</param>
/// <param name="Regions">Where it may process a request (data residency); empty when unknown.</param>
/// <param name="Tiers">The tiers it offers, e.g. <c>realtime</c>, <c>batch</c>.</param>
public sealed record ProviderInfo(string Name, ProviderKind Kind, IReadOnlyList<string> Regions, IReadOnlyList<string> Tiers);
