using System.Text.Json.Serialization;

namespace BatchInference.Ledger.Pricing;

internal sealed class PriceCatalogDocument
{
    public string? Version { get; set; }

    public string? Currency { get; set; }

    public string? Notes { get; set; }

    public List<string>? Sources { get; set; }

    public string? FallbackMargin { get; set; }

    public List<ProviderCatalogEntry>? Providers { get; set; }

    public List<PriceCatalogEntry>? Prices { get; set; }
}

internal sealed class ProviderCatalogEntry
{
    public string? Name { get; set; }

    public string? Kind { get; set; }

    public List<string>? Regions { get; set; }

    public List<string>? Tiers { get; set; }
}

internal sealed class PriceCatalogEntry
{
    public string? Provider { get; set; }

    public string? Model { get; set; }

    public string? Tier { get; set; }

    public decimal? Input { get; set; }

    public decimal? CachedInput { get; set; }

    public decimal? CacheWrite { get; set; }

    public decimal? Output { get; set; }

    public LimitsCatalogEntry? Limits { get; set; }

    public CompletionCatalogEntry? Completion { get; set; }

    public string? Region { get; set; }

    public string? Deployment { get; set; }
}

internal sealed class LimitsCatalogEntry
{
    public long? Rpm { get; set; }

    public long? Tpm { get; set; }

    public long? InputTpm { get; set; }

    public long? OutputTpm { get; set; }

    public long? MaxBatchLines { get; set; }

    public long? MaxBatchBytes { get; set; }
}

internal sealed class CompletionCatalogEntry
{
    public string? P50 { get; set; }

    public string? P95 { get; set; }

    public string? Max { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(PriceCatalogDocument))]
internal sealed partial class PriceCatalogJsonContext : JsonSerializerContext;
