using System.Text.Json.Serialization;

namespace BatchInference.Ledger.Pricing;

internal sealed class PriceCatalogDocument
{
    public string? Version { get; set; }

    public string? Currency { get; set; }

    public string? Notes { get; set; }

    public List<PriceCatalogEntry>? Prices { get; set; }
}

internal sealed class PriceCatalogEntry
{
    public string? Provider { get; set; }

    public string? Model { get; set; }

    public string? Tier { get; set; }

    public decimal? Input { get; set; }

    public decimal? CachedInput { get; set; }

    public decimal? Output { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(PriceCatalogDocument))]
internal sealed partial class PriceCatalogJsonContext : JsonSerializerContext;
