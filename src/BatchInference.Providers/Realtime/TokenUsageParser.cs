using System.Text.Json;

namespace BatchInference.Providers.Realtime;

/// <summary>
/// Reads <c>usage</c> from a 2xx body: chat completions and embeddings (<c>prompt_tokens</c>, <c>completion_tokens</c>
/// and their <c>*_details</c>), the Responses API (<c>input_tokens</c>, <c>output_tokens</c> and details) and Anthropic
/// messages, whose <c>input_tokens</c> exclude the cache: there input is <c>input_tokens</c> +
/// <c>cache_read_input_tokens</c> + <c>cache_creation_input_tokens</c>, cached input the cache reads.
/// </summary>
public static class TokenUsageParser
{
    /// <summary>The usage of an answer body (real-time or a batch result's body); null when it has none or cannot be read.</summary>
    /// <param name="body">The raw JSON body.</param>
    /// <returns>The tokens billed, or null.</returns>
    public static TokenUsage? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Parse(document.RootElement) : null;
        }
        catch (JsonException)
        {
            // A 2xx with a body we cannot read is still a paid call; the caller records it without usage.
            return null;
        }
    }

    /// <summary>Reads the usage of a response object already parsed (e.g. a message inside a batch result).</summary>
    /// <param name="response">The response object.</param>
    /// <returns>The tokens billed, or null.</returns>
    public static TokenUsage? Parse(JsonElement response)
    {
        if (response.ValueKind != JsonValueKind.Object
            || !response.TryGetProperty("usage", out var usage)
            || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (IsAnthropic(response, usage))
        {
            var cacheRead = Read(usage, "cache_read_input_tokens") ?? 0;
            var cacheWrite = Read(usage, "cache_creation_input_tokens") ?? 0;
            var uncached = Read(usage, "input_tokens") ?? 0;
            return new TokenUsage(uncached + cacheRead + cacheWrite, cacheRead, Read(usage, "output_tokens") ?? 0, 0, cacheWrite);
        }

        var input = Read(usage, "prompt_tokens") ?? Read(usage, "input_tokens") ?? 0;
        var cached = Read(usage, "prompt_tokens_details", "cached_tokens") ?? Read(usage, "input_tokens_details", "cached_tokens") ?? 0;
        var output = Read(usage, "completion_tokens") ?? Read(usage, "output_tokens") ?? 0;
        var reasoning = Read(usage, "completion_tokens_details", "reasoning_tokens")
            ?? Read(usage, "output_tokens_details", "reasoning_tokens") ?? 0;
        return new TokenUsage(input, cached, output, reasoning);
    }

    // An Anthropic message says "type": "message"; its usage names the cache fields, which OpenAI's never do.
    private static bool IsAnthropic(JsonElement response, JsonElement usage) =>
        (response.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("message"u8))
        || usage.TryGetProperty("cache_read_input_tokens", out _)
        || usage.TryGetProperty("cache_creation_input_tokens", out _);

    private static long? Read(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count)
            ? count
            : null;

    private static long? Read(JsonElement usage, string details, string name) =>
        usage.TryGetProperty(details, out var detail) && detail.ValueKind == JsonValueKind.Object ? Read(detail, name) : null;
}
