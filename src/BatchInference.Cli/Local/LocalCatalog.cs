using System.Security.Cryptography;
using System.Text.Json;
using BatchInference.Ledger.Pricing;

namespace BatchInference.Cli.Local;

/// <summary>
/// The catalog a <c>--local</c> command runs with: every OpenAI and Anthropic model of the built-in catalog, at its list
/// prices, with the emulator's compressed clock (its <c>BatchTimeScale</c> 3600 makes a 24 h batch window last 24 s:
/// batch p50 5 s, p95 15 s, max 24 s, a 2 s fallback margin) and its limits (9,000 requests per minute, the 150 per
/// second <c>bi demo</c> runs it with; no token limits). A <c>spot</c> provider (an OpenAI-compatible server) offers
/// every OpenAI model at a fifth of its standard price, for spot demos. Derived, not kept as a second list, so a model
/// added to the built-in catalog runs locally too. Written as a file because the local hosts read
/// <c>Pricing:CatalogPath</c>.
/// </summary>
internal static class LocalCatalog
{
    private const long RequestsPerMinute = 9_000;
    private const string Spot = "spot";
    private static readonly string[] Emulated = ["openai", "anthropic"];

    /// <summary>The derived catalog as the catalog file format.</summary>
    public static byte[] Json(PriceCatalog builtIn)
    {
        ArgumentNullException.ThrowIfNull(builtIn);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("version", "local-" + builtIn.Version);
            json.WriteString("currency", builtIn.Currency);
            json.WriteString("notes", "Derived by bi --local from the built-in catalog: its prices, the emulator's compressed clock and limits.");
            json.WriteString("fallback_margin", "2s");
            json.WriteStartArray("providers");
            WriteProvider(json, "openai", "openai", ["realtime", "batch", "flex"]);
            WriteProvider(json, "anthropic", "anthropic", ["realtime", "batch"]);
            WriteProvider(json, Spot, "openai-compatible", [Spot]);
            json.WriteEndArray();
            json.WriteStartArray("prices");
            var offers = builtIn.Offers.Where(o => Emulated.Contains(o.Provider)).OrderBy(o => o.Provider, StringComparer.Ordinal)
                .ThenBy(o => o.Model, StringComparer.Ordinal).ThenBy(o => o.Tier, StringComparer.Ordinal).ToList();
            foreach (var offer in offers)
            {
                WriteOffer(json, offer.Price, offer.Tier == "batch" ? offer.Limits : null);
            }

            foreach (var standard in offers.Where(o => o.Provider == "openai" && o.Tier == "realtime"))
            {
                var p = standard.Price;
                WriteOffer(json, p with { Provider = Spot, Tier = Spot, InputPerMillion = p.InputPerMillion / 5, CachedInputPerMillion = p.InputPerMillion / 5, OutputPerMillion = p.OutputPerMillion / 5 }, null);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the derived catalog to the temporary folder (named after its content, so concurrent runs share one file
    /// and never see half of one) and returns its path. It holds list prices only.
    /// </summary>
    public static string WriteFile(PriceCatalog builtIn)
    {
        var bytes = Json(builtIn);
        var path = Path.Combine(Path.GetTempPath(), $"bi-local-catalog-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}.json");
        if (!File.Exists(path))
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }

    private static void WriteProvider(Utf8JsonWriter json, string name, string kind, string[] tiers)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("kind", kind);
        json.WriteStartArray("regions");
        json.WriteStringValue("local");
        json.WriteEndArray();
        json.WriteStartArray("tiers");
        foreach (var tier in tiers)
        {
            json.WriteStringValue(tier);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    // A batch entry keeps its size limits and gets the compressed completion times; any other gets the emulator's rpm.
    private static void WriteOffer(Utf8JsonWriter json, ModelPrice price, TierLimits? batchLimits)
    {
        json.WriteStartObject();
        json.WriteString("provider", price.Provider);
        json.WriteString("model", price.Model);
        json.WriteString("tier", price.Tier);
        json.WriteNumber("input", price.InputPerMillion);
        json.WriteNumber("cached_input", price.CachedInputPerMillion);
        if (price.CacheWritePerMillion is { } cacheWrite)
        {
            json.WriteNumber("cache_write", cacheWrite);
        }

        json.WriteNumber("output", price.OutputPerMillion);
        json.WriteStartObject("limits");
        if (batchLimits is null)
        {
            json.WriteNumber("rpm", RequestsPerMinute);
        }
        else
        {
            WriteIfSet(json, "max_batch_lines", batchLimits.MaxBatchLines);
            WriteIfSet(json, "max_batch_bytes", batchLimits.MaxBatchBytes);
        }

        json.WriteEndObject();
        if (batchLimits is not null)
        {
            json.WriteStartObject("completion");
            json.WriteString("p50", "5s");
            json.WriteString("p95", "15s");
            json.WriteString("max", "24s");
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } set)
        {
            json.WriteNumber(name, set);
        }
    }
}
