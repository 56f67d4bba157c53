using System.Text.Json;
using BatchInference.Emulator.Caching;
using BatchInference.Emulator.OpenAI.Chat;

namespace BatchInference.Emulator.Anthropic.Messages;

/// <summary>
/// Writes Anthropic's <c>message</c> object (https://docs.claude.com/en/api/messages, "Returns"): one text block,
/// <c>stop_reason</c> <c>end_turn</c> or <c>max_tokens</c>, and <c>usage</c> with the cache fields and the
/// <c>service_tier</c> that served it (<c>standard</c>, or <c>batch</c> for a batch line).
/// </summary>
internal static class MessageWriter
{
    // inputTokens are all input tokens; the usage splits them into uncached, cache writes and cache reads.
    public static void Write(Utf8JsonWriter writer, string id, string model, ChatChoice reply, int inputTokens, AnthropicCacheUse cache, string serviceTier)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", model);
        writer.WriteStartArray("content");
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", reply.Content);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("stop_reason", reply.FinishReason == "length" ? "max_tokens" : "end_turn");
        writer.WriteNull("stop_sequence");
        writer.WriteNull("container");
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", inputTokens - cache.ReadTokens - cache.WriteTokens);
        writer.WriteNumber("cache_creation_input_tokens", cache.WriteTokens);
        writer.WriteNumber("cache_read_input_tokens", cache.ReadTokens);
        writer.WriteStartObject("cache_creation");
        writer.WriteNumber("ephemeral_5m_input_tokens", cache.WriteTokens);
        writer.WriteNumber("ephemeral_1h_input_tokens", 0);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens", reply.CompletionTokens);
        writer.WriteString("service_tier", serviceTier);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
