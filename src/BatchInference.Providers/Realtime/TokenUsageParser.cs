using System.Text.Json;

namespace BatchInference.Providers.Realtime;

/// <summary>
/// Reads <c>usage</c> from a 2xx body: chat completions and embeddings (<c>prompt_tokens</c>, <c>completion_tokens</c>
/// and their <c>*_details</c>) and the Responses API (<c>input_tokens</c>, <c>output_tokens</c> and details).
/// </summary>
internal static class TokenUsageParser
{
    public static TokenUsage? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("usage", out var usage)
                || usage.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var input = Read(usage, "prompt_tokens") ?? Read(usage, "input_tokens") ?? 0;
            var cached = Read(usage, "prompt_tokens_details", "cached_tokens") ?? Read(usage, "input_tokens_details", "cached_tokens") ?? 0;
            var output = Read(usage, "completion_tokens") ?? Read(usage, "output_tokens") ?? 0;
            var reasoning = Read(usage, "completion_tokens_details", "reasoning_tokens")
                ?? Read(usage, "output_tokens_details", "reasoning_tokens") ?? 0;
            return new TokenUsage(input, cached, output, reasoning);
        }
        catch (JsonException)
        {
            // A 2xx with a body we cannot read is still a paid call; the caller records it without usage.
            return null;
        }
    }

    private static long? Read(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count)
            ? count
            : null;

    private static long? Read(JsonElement usage, string details, string name) =>
        usage.TryGetProperty(details, out var detail) && detail.ValueKind == JsonValueKind.Object ? Read(detail, name) : null;
}
