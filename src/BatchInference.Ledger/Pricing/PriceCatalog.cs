using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace BatchInference.Ledger.Pricing;

/// <summary>
/// Prices per provider, model and tier. The built-in catalog carries published list prices; a platform team can point
/// <c>Pricing:CatalogPath</c> at its own file (negotiated rates, new models) in the same JSON shape.
/// </summary>
public sealed class PriceCatalog
{
    private const string BuiltInResource = "BatchInference.Ledger.Pricing.price-catalog.json";

    private readonly FrozenDictionary<(string Provider, string Model, string Tier), ModelPrice> _prices;

    private PriceCatalog(string version, string currency, IEnumerable<ModelPrice> prices)
    {
        Version = version;
        Currency = currency;
        _prices = prices.ToFrozenDictionary(p => (p.Provider, p.Model, p.Tier));
    }

    /// <summary>Catalog version (the date its prices were checked); recorded with every ledger line.</summary>
    public string Version { get; }

    /// <summary>ISO 4217 currency of every price, e.g. <c>USD</c>.</summary>
    public string Currency { get; }

    /// <summary>Every price in the catalog.</summary>
    public IEnumerable<ModelPrice> Prices => _prices.Values;

    /// <summary>The catalog shipped with the product.</summary>
    public static PriceCatalog BuiltIn()
    {
        using var stream = typeof(PriceCatalog).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"Embedded price catalog '{BuiltInResource}' is missing from the build.");
        return Load(stream, "built-in catalog");
    }

    /// <summary>Loads a catalog file; every problem in it is reported at once with its entry index.</summary>
    /// <exception cref="FormatException">The file is not a valid catalog.</exception>
    public static PriceCatalog LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Load(stream, path);
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

    /// <summary>Loads a catalog from JSON.</summary>
    /// <exception cref="FormatException">The document is not a valid catalog.</exception>
    public static PriceCatalog Load(Stream json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        PriceCatalogDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, PriceCatalogJsonContext.Default.PriceCatalogDocument);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Price catalog {sourceName} is not valid JSON: {ex.Message}", ex);
        }

        if (doc?.Prices is null || string.IsNullOrWhiteSpace(doc.Version) || string.IsNullOrWhiteSpace(doc.Currency))
        {
            throw new FormatException($"Price catalog {sourceName} needs 'version', 'currency' and 'prices'.");
        }

        var problems = new List<string>();
        var prices = new List<ModelPrice>();
        var seen = new HashSet<(string, string, string)>();
        for (var i = 0; i < doc.Prices.Count; i++)
        {
            var entry = doc.Prices[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"prices[{i}]");
            if (string.IsNullOrWhiteSpace(entry.Provider) || string.IsNullOrWhiteSpace(entry.Model) || string.IsNullOrWhiteSpace(entry.Tier))
            {
                problems.Add($"{where}: provider, model and tier are required");
                continue;
            }

            if (entry.Input is not >= 0 || entry.CachedInput is not >= 0 || entry.Output is not >= 0)
            {
                problems.Add($"{where} ({entry.Model}/{entry.Tier}): input, cached_input and output must be present and >= 0");
                continue;
            }

            if (!seen.Add((entry.Provider, entry.Model, entry.Tier)))
            {
                problems.Add($"{where}: duplicate entry for {entry.Provider}/{entry.Model}/{entry.Tier}");
                continue;
            }

            prices.Add(new ModelPrice(entry.Provider, entry.Model, entry.Tier, entry.Input.Value, entry.CachedInput.Value, entry.Output.Value));
        }

        if (problems.Count > 0)
        {
            throw new FormatException($"Price catalog {sourceName} has {problems.Count} problem(s): {string.Join("; ", problems)}");
        }

        return new PriceCatalog(doc.Version, doc.Currency, prices);
    }

    /// <summary>
    /// Finds the price of <paramref name="model"/> on <paramref name="provider"/> at <paramref name="tier"/>. A dated
    /// snapshot name (<c>gpt-4.1-mini-2025-04-14</c>) falls back to its base model's price, as providers bill them.
    /// </summary>
    public bool TryGetPrice(string provider, string model, string tier, out ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_prices.TryGetValue((provider, model, tier), out price!))
        {
            return true;
        }

        var baseModel = SnapshotSuffix.StripDate(model);
        if (baseModel != model && _prices.TryGetValue((provider, baseModel, tier), out price!))
        {
            return true;
        }

        price = null!;
        return false;
    }

    /// <summary>Whether the catalog knows <paramref name="model"/> on any provider at any tier.</summary>
    public bool KnowsModel(string model)
    {
        var baseModel = SnapshotSuffix.StripDate(model);
        return _prices.Keys.Any(k => k.Model == model || k.Model == baseModel);
    }
}
