using System.Buffers;
using System.Text.Json;

namespace BatchInference.Bench.Tiers;

/// <summary>One request line of a generated job, in the OpenAI batch input format.</summary>
/// <param name="CustomId">Its <c>custom_id</c>; never contains ':' (the bench finds it again in client request ids).</param>
/// <param name="Url"><c>/v1/chat/completions</c> or <c>/v1/messages</c>.</param>
/// <param name="Model">The body's <c>model</c>.</param>
/// <param name="Prompt">The one user message.</param>
/// <param name="MaxTokens">The body's <c>max_tokens</c>.</param>
internal sealed record BenchRequestLine(string CustomId, string Url, string Model, string Prompt, int MaxTokens)
{
    public const string ChatCompletions = "/v1/chat/completions";

    public const string Messages = "/v1/messages";

    /// <summary>The lines as JSONL bytes; chat and Anthropic messages share the body shape used here.</summary>
    public static byte[] ToJsonl(IEnumerable<BenchRequestLine> lines)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var line in lines)
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id", line.CustomId);
                writer.WriteString("method", "POST");
                writer.WriteString("url", line.Url);
                writer.WritePropertyName("body");
                line.WriteBody(writer);
                writer.WriteEndObject();
            }

            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The request body alone, as the engine sends it.</summary>
    public byte[] Body()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteBody(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The <c>custom_id</c> behind an emulator request's client request id: a real-time attempt sends
    /// <c>{jobId}:{customId}:{attempt}</c>, a batch line its bare <c>custom_id</c>.
    /// </summary>
    public static string? CustomIdOf(string? clientRequestId)
    {
        if (string.IsNullOrEmpty(clientRequestId))
        {
            return null;
        }

        var parts = clientRequestId.Split(':');
        return parts.Length >= 3 ? parts[^2] : parts[^1];
    }

    /// <summary>A prompt of exactly <paramref name="chars"/> characters that starts with the line's number.</summary>
    public static string FillerPrompt(int index, int chars)
    {
        const string filler = " Summarise the customer feedback below in one short neutral sentence and tag its sentiment.";
        var head = $"Item {index}.";
        var text = new System.Text.StringBuilder(head, Math.Max(chars, head.Length));
        while (text.Length < chars)
        {
            text.Append(filler, 0, Math.Min(filler.Length, chars - text.Length));
        }

        return text.ToString();
    }

    private void WriteBody(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("model", Model);
        writer.WriteNumber("max_tokens", MaxTokens);
        writer.WriteStartArray("messages");
        writer.WriteStartObject();
        writer.WriteString("role", "user");
        writer.WriteString("content", Prompt);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
