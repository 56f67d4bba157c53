using System.Text.Json;

namespace BatchInference.Ledger.Pricing.LiteLlm;

/// <summary>
/// One entry of a LiteLLM price list as the catalog reads it: the provider and mode it belongs to, its per-token prices
/// (exact decimals of the JSON text, so <c>2.5e-06</c> stays 0.0000025), and the fields the catalog has no place for.
/// </summary>
internal sealed class LiteLlmEntry
{
    public const string Input = "input_cost_per_token";
    public const string Output = "output_cost_per_token";
    public const string CacheRead = "cache_read_input_token_cost";
    public const string CacheWrite = "cache_creation_input_token_cost";
    public const string BatchInput = "input_cost_per_token_batches";
    public const string BatchOutput = "output_cost_per_token_batches";
    public const string FlexInput = "input_cost_per_token_flex";
    public const string FlexOutput = "output_cost_per_token_flex";
    public const string FlexCacheRead = "cache_read_input_token_cost_flex";

    private static readonly HashSet<string> Mapped =
    [
        "litellm_provider", "mode", "rpm", "tpm",
        Input, Output, CacheRead, CacheWrite, BatchInput, BatchOutput, FlexInput, FlexOutput, FlexCacheRead,
    ];

    private readonly Dictionary<string, decimal> _prices = new(StringComparer.Ordinal);

    private LiteLlmEntry(string key, string? provider, string? mode)
    {
        Key = key;
        Provider = provider;
        Mode = mode;
    }

    /// <summary>The entry's key in the file, e.g. <c>azure/global/gpt-4o</c>.</summary>
    public string Key { get; }

    /// <summary>LiteLLM's provider name, e.g. <c>openai</c>, <c>azure</c>, <c>bedrock</c>.</summary>
    public string? Provider { get; }

    /// <summary>LiteLLM's mode, e.g. <c>chat</c>, <c>embedding</c>, <c>image_generation</c>.</summary>
    public string? Mode { get; }

    public long? RequestsPerMinute { get; private set; }

    public long? TokensPerMinute { get; private set; }

    /// <summary>Fields the catalog does not read; those whose name says they are a price are listed apart.</summary>
    public List<string> Unmapped { get; } = [];

    /// <summary>Fields that hold a price the reader could not take (not a number, or negative).</summary>
    public List<string> Invalid { get; } = [];

    public static LiteLlmEntry Parse(string key, JsonElement value)
    {
        var entry = new LiteLlmEntry(key, Text(value, "litellm_provider"), Text(value, "mode"));
        foreach (var property in value.EnumerateObject())
        {
            if (!Mapped.Contains(property.Name))
            {
                entry.Unmapped.Add(property.Name);
            }
            else if (property.Name is "rpm" or "tpm")
            {
                var limit = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var n) && n > 0 ? n : (long?)null;
                if (property.Name == "rpm")
                {
                    entry.RequestsPerMinute = limit;
                }
                else
                {
                    entry.TokensPerMinute = limit;
                }
            }
            else if (property.Name is not ("litellm_provider" or "mode") && property.Value.ValueKind != JsonValueKind.Null)
            {
                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDecimal(out var price) && price >= 0)
                {
                    entry._prices[property.Name] = price;
                }
                else
                {
                    entry.Invalid.Add(property.Name);
                }
            }
        }

        return entry;
    }

    /// <summary>The price per one million tokens of <paramref name="field"/>, or null when the entry has none.</summary>
    public decimal? PerMillion(string field) => _prices.TryGetValue(field, out var perToken) ? PerTokenPrice.ToPerMillion(perToken) : null;

    private static string? Text(JsonElement value, string name) =>
        value.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
}
