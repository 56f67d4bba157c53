using System.Collections.Frozen;
using System.Text.Json;
using BatchInference.Ledger.Pricing.LiteLlm;

namespace BatchInference.Ledger.Pricing;

/// <summary>
/// Prices per provider, model and tier. The built-in catalog carries published list prices; a platform team can point
/// <c>Pricing:CatalogPath</c> at its own file (negotiated rates, new models) in the same JSON shape, or at a price list
/// in LiteLLM's <c>model_prices_and_context_window.json</c> format (see <see cref="PriceCatalogFormat"/>).
/// </summary>
public sealed class PriceCatalog
{
    private const string BuiltInResource = "BatchInference.Ledger.Pricing.price-catalog.json";

    private readonly FrozenDictionary<(string Provider, string Model, string Tier), TierOffer> _offers;
    private readonly FrozenDictionary<string, ProviderInfo> _providers;

    private PriceCatalog(string version, string currency, IEnumerable<TierOffer> offers, IReadOnlyList<ProviderInfo> providers, TimeSpan? fallbackMargin)
    {
        Version = version;
        Currency = currency;
        _offers = offers.ToFrozenDictionary(o => (o.Provider, o.Model, o.Tier));
        Providers = providers;
        _providers = providers.ToFrozenDictionary(p => p.Name, StringComparer.Ordinal);
        FallbackMargin = fallbackMargin;
    }

    /// <summary>Catalog version (the date its prices were checked); recorded with every ledger line.</summary>
    public string Version { get; }

    /// <summary>ISO 4217 currency of every price, e.g. <c>USD</c>.</summary>
    public string Currency { get; }

    /// <summary>Every price in the catalog.</summary>
    public IEnumerable<ModelPrice> Prices => _offers.Values.Select(o => o.Price);

    /// <summary>Every entry of the catalog with its limits, completion model, region and deployment.</summary>
    public IEnumerable<TierOffer> Offers => _offers.Values;

    /// <summary>
    /// The providers: those the catalog lists, or, for a catalog that lists none, every provider it prices (the
    /// well-known names <c>openai</c>, <c>azure-openai</c> and <c>anthropic</c> keep their kind, any other is taken for
    /// an OpenAI-compatible server).
    /// </summary>
    public IReadOnlyList<ProviderInfo> Providers { get; }

    /// <summary>
    /// The fixed margin a planner adds to a real-time fallback reserve for this catalog's providers, when the catalog
    /// sets one (a profile with a compressed clock, like the emulator's, needs a compressed margin too).
    /// </summary>
    public TimeSpan? FallbackMargin { get; }

    /// <summary>The catalog shipped with the product.</summary>
    public static PriceCatalog BuiltIn()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"Embedded price catalog '{BuiltInResource}' is missing from the build.");
        return Load(stream, "built-in catalog");
    }

    /// <summary>Loads a catalog file in either format; every problem in it is reported at once with its entry.</summary>
    /// <exception cref="FormatException">The file is not a valid catalog.</exception>
    public static PriceCatalog LoadFile(string path) => ReadFile(path).Catalog;

    /// <summary>Reads a catalog file in either format, with what the reader had to assume (<c>bi catalog validate</c>).</summary>
    /// <exception cref="FormatException">The file is not a valid catalog.</exception>
    public static PriceCatalogLoad ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>
    /// The catalog a host is configured with: the file at <paramref name="path"/> (the <c>Pricing:CatalogPath</c>
    /// setting), or the built-in one when it is blank.
    /// </summary>
    /// <param name="path">The configured path, or null/blank for the built-in catalog.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="InvalidOperationException">The file cannot be read or is not a valid catalog; the message names the setting.</exception>
    public static PriceCatalog FromSetting(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return BuiltIn();
        }

        try
        {
            return LoadFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new InvalidOperationException($"Pricing:CatalogPath '{path}' cannot be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>Loads a catalog from JSON in either format.</summary>
    /// <exception cref="FormatException">The document is not a valid catalog.</exception>
    public static PriceCatalog Load(Stream json, string sourceName) => Read(json, sourceName).Catalog;

    /// <summary>
    /// Reads a catalog from JSON, telling the formats apart by content: a document with <c>prices</c> is a native
    /// catalog, an object of entries with <c>litellm_provider</c> a LiteLLM price list.
    /// </summary>
    /// <exception cref="FormatException">The document is not a valid catalog.</exception>
    public static PriceCatalogLoad Read(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        var bytes = buffer.ToArray();

        // A file saved with a UTF-8 byte order mark (as Windows editors do) is still JSON; the byte parsers refuse it.
        if (bytes.AsSpan().StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (LiteLlmCatalog.Looks(document.RootElement))
            {
                return LiteLlmCatalog.Read(bytes, document.RootElement, sourceName);
            }
        }
        catch (JsonException ex)
        {
            throw new PriceCatalogException(sourceName, [$"not valid JSON: {ex.Message}"], ex);
        }

        return new PriceCatalogLoad(ReadNative(bytes, sourceName), PriceCatalogFormat.Native, []);
    }

    /// <summary>A catalog of already-read entries (the LiteLLM reader's).</summary>
    internal static PriceCatalog Create(string version, string currency, IEnumerable<TierOffer> offers, IReadOnlyList<ProviderInfo> providers, TimeSpan? fallbackMargin) =>
        new(version, currency, offers, providers, fallbackMargin);

    private static PriceCatalog ReadNative(byte[] json, string sourceName)
    {
        PriceCatalogDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, PriceCatalogJsonContext.Default.PriceCatalogDocument);
        }
        catch (JsonException ex)
        {
            throw new PriceCatalogException(sourceName, [$"not valid JSON: {ex.Message}"], ex);
        }

        if (doc?.Prices is null || string.IsNullOrWhiteSpace(doc.Version) || string.IsNullOrWhiteSpace(doc.Currency))
        {
            throw new PriceCatalogException(sourceName, ["needs 'version', 'currency' and 'prices'"]);
        }

        var reader = new PriceCatalogReader();
        var margin = reader.ReadFallbackMargin(doc.FallbackMargin);
        var listed = reader.ReadProviders(doc.Providers);
        var offers = reader.ReadOffers(doc.Prices, listed);
        if (reader.Problems.Count > 0)
        {
            throw new PriceCatalogException(sourceName, [.. reader.Problems]);
        }

        IReadOnlyList<ProviderInfo> providers = doc.Providers is null ? PriceCatalogReader.Implied(offers) : [.. listed!.Values];
        return new PriceCatalog(doc.Version, doc.Currency, offers, providers, margin);
    }

    /// <summary>
    /// Finds the price of <paramref name="model"/> on <paramref name="provider"/> at <paramref name="tier"/>. A snapshot
    /// name (<c>gpt-4o-2024-08-06</c>, <c>claude-haiku-4-5-20251001</c>, <c>claude-3-5-haiku-latest</c>) without an
    /// entry of its own falls back to its base model's price, as providers bill them; the price's
    /// <see cref="ModelPrice.Model"/> names the entry used.
    /// </summary>
    public bool TryGetPrice(string provider, string model, string tier, out ModelPrice price)
    {
        var found = TryGetOffer(provider, model, tier, out var offer);
        price = found ? offer.Price : null!;
        return found;
    }

    /// <summary>
    /// Finds the entry of <paramref name="model"/> on <paramref name="provider"/> at <paramref name="tier"/>; a dated
    /// snapshot name falls back to its base model's entry, as in <see cref="TryGetPrice"/>.
    /// </summary>
    public bool TryGetOffer(string provider, string model, string tier, out TierOffer offer)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_offers.TryGetValue((provider, model, tier), out offer!))
        {
            return true;
        }

        var baseModel = SnapshotSuffix.BaseOf(model);
        if (baseModel != model && _offers.TryGetValue((provider, baseModel, tier), out offer!))
        {
            return true;
        }

        offer = null!;
        return false;
    }

    /// <summary>The provider called <paramref name="name"/>, or null when the catalog has none by that name.</summary>
    public ProviderInfo? FindProvider(string name) => _providers.GetValueOrDefault(name);

    /// <summary>Whether the catalog knows <paramref name="model"/> on any provider at any tier.</summary>
    public bool KnowsModel(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var baseModel = SnapshotSuffix.BaseOf(model);
        return _offers.Keys.Any(k => k.Model == model || k.Model == baseModel);
    }

    /// <summary>
    /// The catalog's models closest in spelling to <paramref name="model"/> (fewest edits first), for an error that
    /// tells the user what they may have meant.
    /// </summary>
    /// <param name="model">A model the catalog does not know.</param>
    /// <param name="count">How many to return at most.</param>
    public IReadOnlyList<string> ClosestModels(string model, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. _offers.Keys.Select(k => k.Model).Distinct(StringComparer.Ordinal)
            .OrderBy(m => EditDistance.Between(model, m)).ThenBy(m => m, StringComparer.Ordinal).Take(count)];
    }
}
