using System.Security.Cryptography;
using System.Text.Json;

namespace BatchInference.Ledger.Pricing.LiteLlm;

/// <summary>Builds a catalog from a LiteLLM price list (see <see cref="LiteLlmCatalogReader"/>).</summary>
internal static class LiteLlmCatalog
{
    /// <summary>Whether a parsed JSON object is a LiteLLM price list rather than a native catalog.</summary>
    public static bool Looks(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && !root.TryGetProperty("prices", out _)
        && !root.TryGetProperty("version", out _)
        && (root.TryGetProperty("sample_spec", out _)
            || root.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("litellm_provider", out _)));

    /// <exception cref="FormatException">An entry of a priced provider has a price that is not a number >= 0, or no entry can be priced.</exception>
    public static PriceCatalogLoad Read(ReadOnlySpan<byte> json, JsonElement root, string sourceName)
    {
        var reader = new LiteLlmCatalogReader(new BuiltInDefaults(PriceCatalog.BuiltIn()));
        var offers = reader.Read(root);
        if (reader.Problems.Count > 0)
        {
            throw new PriceCatalogException($"{sourceName} (LiteLLM format)", [.. reader.Problems]);
        }

        // LiteLLM's list has no version; the file's hash names exactly which prices a ledger line was priced with.
        var version = "litellm-" + Convert.ToHexStringLower(SHA256.HashData(json))[..12];
        var catalog = PriceCatalog.Create(version, "USD", offers, PriceCatalogReader.Implied(offers), fallbackMargin: null);
        return new PriceCatalogLoad(catalog, PriceCatalogFormat.LiteLlm, reader.Warnings());
    }
}
