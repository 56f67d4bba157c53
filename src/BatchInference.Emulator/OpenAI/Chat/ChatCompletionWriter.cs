using System.Text.Json;

namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>Writes the <c>chat.completion</c> object exactly as OpenAI shapes it (fields the SDKs read included).</summary>
internal static class ChatCompletionWriter
{
    public static void Write(
        Utf8JsonWriter writer,
        string id,
        DateTimeOffset created,
        ChatCompletionRequest request,
        IReadOnlyList<ChatChoice> choices,
        int promptTokens,
        int cachedTokens,
        string systemFingerprint)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", created.ToUnixTimeSeconds());
        writer.WriteString("model", request.Model);
        writer.WriteStartArray("choices");
        foreach (var choice in choices)
        {
            WriteChoice(writer, choice);
        }

        writer.WriteEndArray();
        WriteUsage(writer, choices, promptTokens, cachedTokens);
        writer.WriteString("service_tier", ServiceTier(request.ServiceTier));
        writer.WriteString("system_fingerprint", systemFingerprint);
        writer.WriteEndObject();
    }

    // OpenAI answers "auto" with the tier that actually served the request.
    private static string ServiceTier(string? requested) =>
        requested is null || requested == "auto" ? "default" : requested;

    private static void WriteChoice(Utf8JsonWriter writer, ChatChoice choice)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", choice.Index);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", choice.Content);
        writer.WriteNull("refusal");
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", choice.FinishReason);
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, IReadOnlyList<ChatChoice> choices, int promptTokens, int cachedTokens)
    {
        var completionTokens = choices.Sum(c => c.CompletionTokens);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", promptTokens);
        writer.WriteNumber("completion_tokens", completionTokens);
        writer.WriteNumber("total_tokens", promptTokens + completionTokens);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", cachedTokens);
        writer.WriteNumber("audio_tokens", 0);
        writer.WriteEndObject();
        writer.WriteStartObject("completion_tokens_details");
        writer.WriteNumber("reasoning_tokens", choices.Sum(c => c.ReasoningTokens));
        writer.WriteNumber("audio_tokens", 0);
        writer.WriteNumber("accepted_prediction_tokens", 0);
        writer.WriteNumber("rejected_prediction_tokens", 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
