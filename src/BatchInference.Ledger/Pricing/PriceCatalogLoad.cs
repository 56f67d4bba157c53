namespace BatchInference.Ledger.Pricing;

/// <summary>A catalog read from a file, with the format it was in and what the reader had to assume.</summary>
/// <param name="Catalog">The catalog.</param>
/// <param name="Format">The format the file was in.</param>
/// <param name="Warnings">
/// What could not be mapped and which defaults stand in for it (a LiteLLM file has no limits or completion times);
/// empty for a native catalog.
/// </param>
public sealed record PriceCatalogLoad(PriceCatalog Catalog, PriceCatalogFormat Format, IReadOnlyList<string> Warnings);
